/** The look of a navigation link in the shell, and of the one for the current page. */
export function navLinkClass(current: boolean): string[] {
	return [
		'block truncate rounded-md px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400',
		current
			? 'bg-indigo-100 font-medium text-indigo-900 dark:bg-indigo-500/20 dark:text-indigo-100'
			: 'text-slate-700 hover:bg-slate-200/70 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white'
	];
}

/** A small square icon button (menu, close, fold). */
export const iconButtonClass =
	'inline-flex size-9 shrink-0 items-center justify-center rounded-md text-slate-700 hover:bg-slate-200/70 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-slate-200 dark:hover:bg-slate-800 dark:focus-visible:outline-indigo-400';
