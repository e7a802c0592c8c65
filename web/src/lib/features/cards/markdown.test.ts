// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderMarkdown, sanitizeHtml } from './markdown';

function rendered(markdown: string): HTMLElement {
	const container = document.createElement('div');
	container.innerHTML = renderMarkdown(markdown);
	return container;
}

describe('renderMarkdown', () => {
	it('renders GFM basics', () => {
		const html = rendered('# Plan\n\n**bold** _em_ `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx = 1\n```');
		// Under the drawer's own headings: "#" is an h4.
		expect(html.querySelector('h4')?.textContent).toBe('Plan');
		expect(rendered('## A\n\n### B\n\n###### C').innerHTML).toBe('<h5>A</h5>\n<h6>B</h6>\n<h6>C</h6>\n');
		expect(html.querySelector('strong')?.textContent).toBe('bold');
		expect(html.querySelector('em')?.textContent).toBe('em');
		expect(html.querySelector('table td')?.textContent).toBe('1');
		expect(html.querySelector('pre code')?.textContent).toBe('x = 1\n');
	});

	it('renders a task list as read-only checkboxes', () => {
		const html = rendered('- [x] done\n- [ ] to do');
		const boxes = [...html.querySelectorAll('li input')] as HTMLInputElement[];
		expect(boxes.map((box) => [box.type, box.checked, box.disabled])).toEqual([
			['checkbox', true, true],
			['checkbox', false, true]
		]);
		expect(html.querySelector('li')?.textContent?.trim()).toBe('done');
		expect(boxes.map((box) => box.getAttribute('aria-label'))).toEqual(['done', 'to do']);
	});

	it('shows typed HTML as text: no script, no handler, no element of its own', () => {
		const typed = '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\nsay <b onclick="alert(3)">hi</b>';
		const html = rendered(typed);
		expect(html.querySelector('script, img, b, [onerror], [onclick]')).toBeNull();
		expect(html.textContent).toContain('<script>alert(1)</script>');
		expect(html.textContent).toContain('<img src=x onerror="alert(2)">');
		expect(html.textContent).toContain('say <b onclick="alert(3)">hi</b>');
	});

	it('drops javascript: links', () => {
		const html = rendered('[click](javascript:alert(4)) [again](JaVaScRiPt:alert(5))');
		expect([...html.querySelectorAll('a')].map((link) => link.getAttribute('href'))).toEqual([null, null]);
		expect(html.textContent?.trim()).toBe('click again');
	});

	it('sanitises: scripts, handlers, javascript: URLs, styles, classes and ids never survive', () => {
		const html = sanitizeHtml(
			'<script>alert(1)</script><img src=x onerror="alert(2)"><p onclick="alert(3)" style="color:red" class="fixed inset-0" id="app">hi</p>' +
				'<a href="javascript:alert(4)">x</a><svg><script>alert(5)</script></svg><iframe src="https://example.com"></iframe>'
		);
		expect(html).not.toMatch(/script|onerror|onclick|alert|javascript:|style|class|id=|img|iframe|svg/i);
		expect(html).toContain('hi');
	});

	it('never lets an input be more than a read-only checkbox', () => {
		const container = document.createElement('div');
		container.innerHTML = sanitizeHtml('<input type="text" value="y"><input type="checkbox">');
		expect([...container.querySelectorAll('input')].map((input) => [input.type, input.disabled])).toEqual([
			['checkbox', true],
			['checkbox', true]
		]);
	});

	it('opens links in a new tab without an opener or a referrer', () => {
		const link = rendered('[docs](https://example.com/docs)').querySelector('a');
		expect(link?.getAttribute('href')).toBe('https://example.com/docs');
		expect(link?.getAttribute('target')).toBe('_blank');
		expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
	});

	it('turns an image into a link to it', () => {
		const html = rendered('![diagram](https://example.com/d.png "t")');
		expect(html.querySelector('img')).toBeNull();
		expect(html.querySelector('a')?.getAttribute('href')).toBe('https://example.com/d.png');
		expect(html.querySelector('a')?.textContent).toBe('diagram');
	});

	it('escapes what is not Markdown', () => {
		expect(rendered('a < b & "c"').textContent?.trim()).toBe('a < b & "c"');
	});
});
