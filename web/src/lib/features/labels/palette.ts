/**
 * The label palette (the server's `labels/palette.py`: Trello's ten colours and gray), each as a
 * background/text pair for the light and the dark theme. These values are the only place the
 * colours are written down: components hand them to CSS as custom properties (`toneVars`), and
 * palette.test.ts checks every pair keeps WCAG AA contrast (4.5:1).
 */
import type { Attachment } from 'svelte/attachments';
import type { components } from '$lib/api/schema';

export type LabelColor = components['schemas']['LabelOut']['color'];

/** A background and the text colour that reads on it, "#rrggbb". */
export type Pair = { bg: string; fg: string };
export type Tone = { light: Pair; dark: Pair };

/** In the order the picker offers them (Trello's), gray last. */
export const LABEL_COLORS: readonly LabelColor[] = [
	'green',
	'yellow',
	'orange',
	'red',
	'purple',
	'blue',
	'sky',
	'lime',
	'pink',
	'black',
	'gray'
];

export const LABEL_TONES: Record<LabelColor, Tone> = {
	green: { light: { bg: '#baf3db', fg: '#164b35' }, dark: { bg: '#216e4e', fg: '#f0fdf4' } },
	yellow: { light: { bg: '#f8e6a0', fg: '#533f04' }, dark: { bg: '#7f5f01', fg: '#fffbeb' } },
	orange: { light: { bg: '#fedec8', fg: '#702e00' }, dark: { bg: '#a54800', fg: '#fff7ed' } },
	red: { light: { bg: '#ffd5d2', fg: '#5d1f1a' }, dark: { bg: '#ae2e24', fg: '#fff1f0' } },
	purple: { light: { bg: '#dfd8fd', fg: '#352c63' }, dark: { bg: '#5e4db2', fg: '#f5f3ff' } },
	blue: { light: { bg: '#cce0ff', fg: '#09326c' }, dark: { bg: '#0055cc', fg: '#eff6ff' } },
	sky: { light: { bg: '#c6edfb', fg: '#164555' }, dark: { bg: '#206a83', fg: '#ecfeff' } },
	lime: { light: { bg: '#d3f1a7', fg: '#37471f' }, dark: { bg: '#4c6b1f', fg: '#f7fee7' } },
	pink: { light: { bg: '#fdd0ec', fg: '#50253f' }, dark: { bg: '#943d73', fg: '#fdf2f8' } },
	black: { light: { bg: '#44546f', fg: '#ffffff' }, dark: { bg: '#8590a2', fg: '#161a1d' } },
	gray: { light: { bg: '#e2e8f0', fg: '#334155' }, dark: { bg: '#475569', fg: '#f1f5f9' } }
};

/** What a label nobody has coloured yet (or a name not loaded yet) looks like. */
export const FALLBACK_COLOR: LabelColor = 'gray';

export function isLabelColor(value: unknown): value is LabelColor {
	return typeof value === 'string' && (LABEL_COLORS as readonly string[]).includes(value);
}

/** "green" -> "Green", for buttons and screen readers. */
export function colorName(color: LabelColor): string {
	return color[0].toUpperCase() + color.slice(1);
}

/**
 * Hands an element a tone as the custom properties `TONE_CLASS` reads: `{@attach painted(tone)}`.
 * Set through the CSSOM, which the page's Content-Security-Policy allows (a `style` attribute it
 * would refuse).
 */
export function painted(tone: Tone): Attachment<HTMLElement> {
	return (element) => {
		const vars: [string, string][] = [
			['--tone-bg', tone.light.bg],
			['--tone-fg', tone.light.fg],
			['--tone-bg-dark', tone.dark.bg],
			['--tone-fg-dark', tone.dark.fg]
		];
		for (const [name, value] of vars) element.style.setProperty(name, value);
		return () => {
			for (const [name] of vars) element.style.removeProperty(name);
		};
	};
}

/** Paints an element in the tone whose `toneVars` it carries, in the light and the dark theme. */
export const TONE_CLASS = 'bg-(--tone-bg) text-(--tone-fg) dark:bg-(--tone-bg-dark) dark:text-(--tone-fg-dark)';
