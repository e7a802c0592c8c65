/** A description's first words as plain text: Markdown marks dropped, whitespace folded. */
export function excerpt(markdown: string, length = 160): string {
	const text = markdown
		.replace(/^\s*(?:#{1,6}|>+|[-*+]\s+\[[ xX]\]|[-*+]|\d+[.)])\s+/gm, '')
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/[*_`~]+/g, '')
		.replace(/\s+/g, ' ')
		.trim();
	return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}
