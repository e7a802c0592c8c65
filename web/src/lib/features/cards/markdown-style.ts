/**
 * How rendered Markdown looks (there is no typography plugin; kept apart from markdown.ts so
 * the page can style its container before the renderer loads): Tailwind variants on the
 * container style the elements inside it.
 */
export const markdownClass = [
	'break-words text-sm leading-relaxed',
	'[&_:where(p,ul,ol,pre,table,blockquote,h4,h5,h6)]:my-2 [&>:first-child]:mt-0 [&>:last-child]:mb-0',
	// Markdown's "#" is an h4 here, "##" an h5, the rest h6 (see HEADING_OFFSET).
	'[&_h4]:text-lg [&_h4]:font-semibold [&_h5]:text-base [&_h5]:font-semibold [&_h6]:font-semibold',
	'[&_ul]:list-disc [&_ol]:list-decimal [&_:where(ul,ol)]:pl-5',
	'[&_li:has(>input)]:list-none [&_li:has(>p>input)]:list-none [&_li>input]:mr-1.5 [&_li>p>input]:mr-1.5 [&_:where(ul,ol):has(>li>input,>li>p>input)]:pl-1',
	'[&_a]:text-indigo-700 [&_a]:underline dark:[&_a]:text-indigo-300',
	'[&_code]:rounded [&_code]:bg-slate-200 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.85em] dark:[&_code]:bg-slate-700',
	'[&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-200 [&_pre]:p-2 dark:[&_pre]:bg-slate-800 [&_pre_code]:bg-transparent [&_pre_code]:p-0',
	'[&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 dark:[&_blockquote]:border-slate-600',
	'[&_table]:block [&_table]:overflow-x-auto [&_table]:border-collapse',
	'[&_:where(th,td)]:border [&_:where(th,td)]:border-slate-300 [&_:where(th,td)]:px-2 [&_:where(th,td)]:py-1 dark:[&_:where(th,td)]:border-slate-600 [&_th]:font-semibold',
	'[&_hr]:my-3 [&_hr]:border-slate-300 dark:[&_hr]:border-slate-600'
].join(' ');
