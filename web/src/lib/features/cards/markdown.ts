/**
 * Markdown (GitHub's flavour: headings, lists, task lists, code, links, emphasis, tables) to
 * sanitised HTML for descriptions and comments.
 *
 * Loaded on demand by Markdown.svelte, so marked and DOMPurify stay out of the board's bundle.
 * HTML typed into the text is shown as text, never as markup: a `<script>` or an
 * `<img onerror>` reads as what was typed. (It also never reaches the browser's parser, which
 * would report the page's Content-Security-Policy refusing its handlers even though nothing
 * runs.) DOMPurify then checks what marked made: ordinary formatting tags, links (opening in a
 * new tab, without an opener or a referrer), read-only checkboxes (task lists) survive;
 * `javascript:` URLs, style attributes, classes and ids (a comment must not borrow the app's
 * layout classes or clobber its ids) do not; images become links (the policy only loads
 * images from this origin).
 */
import DOMPurify from 'dompurify';
import { Marked, type Renderer, type Tokens } from 'marked';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

/** An image as a link to it: the reader decides whether to load it. */
function imageAsLink({ href, text }: Tokens.Image): string {
	return `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`;
}

/** Raw HTML in the text, shown as the text it is (a block of it as a paragraph, lines kept). */
function htmlAsText(token: Tokens.HTML | Tokens.Tag): string {
	const text = escapeHtml(token.text);
	return 'block' in token && token.block ? `<p>${text.trimEnd().replaceAll('\n', '<br>')}</p>` : text;
}

/**
 * Headings one level under the drawer's own (its sections are h3): "# Plan" is an h4, so the
 * page's outline (and a screen reader's list of headings) stays in order.
 */
export const HEADING_OFFSET = 3;

function nestedHeading(this: Renderer, { tokens, depth }: Tokens.Heading): string {
	const level = Math.min(depth + HEADING_OFFSET, 6);
	return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
}

const marked = new Marked({
	gfm: true,
	breaks: true,
	renderer: { image: imageAsLink, html: htmlAsText, heading: nestedHeading }
});

const SANITIZE = {
	USE_PROFILES: { html: true },
	FORBID_TAGS: ['style', 'img', 'picture', 'video', 'audio', 'iframe', 'form', 'button', 'select', 'textarea'],
	FORBID_ATTR: ['style', 'class', 'id', 'name', 'target']
};

let hooked = false;

/** Links open in a new tab without handing it this page; any input is a read-only, named checkbox. */
function installHooks(): void {
	if (hooked) return;
	hooked = true;
	DOMPurify.addHook('afterSanitizeAttributes', (node) => {
		if (node.tagName === 'A' && node.hasAttribute('href')) {
			node.setAttribute('target', '_blank');
			node.setAttribute('rel', 'noopener noreferrer');
		} else if (node.tagName === 'INPUT') {
			node.setAttribute('type', 'checkbox');
			node.setAttribute('disabled', '');
			// A task's checkbox is named by its task: the list item's text.
			const task = node.parentElement?.textContent?.trim();
			if (task) node.setAttribute('aria-label', task);
		}
	});
}

/** HTML cut down to what rendered Markdown may hold (see above). */
export function sanitizeHtml(html: string): string {
	installHooks();
	return DOMPurify.sanitize(html, SANITIZE);
}

/** Markdown to HTML that is safe to insert with {@html}. */
export function renderMarkdown(text: string): string {
	return sanitizeHtml(marked.parse(text, { async: false }));
}
