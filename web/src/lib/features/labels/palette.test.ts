import { describe, expect, it } from 'vitest';
import { contrastRatio, luminance } from './contrast';
import { LABEL_COLORS, LABEL_TONES, colorName, isLabelColor } from './palette';

describe('contrastRatio', () => {
	it('matches the WCAG reference points', () => {
		expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
		// Known value: #767676 on white is the lightest gray that passes AA (4.54:1).
		expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
		expect(luminance('#FFFFFF')).toBe(1);
	});

	it('refuses anything but #rrggbb', () => {
		expect(() => luminance('red')).toThrow();
	});
});

describe('the label palette', () => {
	it('has a tone for every colour the server knows, and only those', () => {
		expect(Object.keys(LABEL_TONES).sort()).toEqual([...LABEL_COLORS].sort());
		expect(LABEL_COLORS).toHaveLength(11);
	});

	it.each(LABEL_COLORS)('%s keeps AA contrast (4.5:1) for its text, light and dark', (color) => {
		const tone = LABEL_TONES[color];
		expect(contrastRatio(tone.light.fg, tone.light.bg)).toBeGreaterThanOrEqual(4.5);
		expect(contrastRatio(tone.dark.fg, tone.dark.bg)).toBeGreaterThanOrEqual(4.5);
	});

	it('names colours and knows which strings are colours', () => {
		expect(colorName('sky')).toBe('Sky');
		expect(isLabelColor('lime')).toBe(true);
		expect(isLabelColor('teal')).toBe(false);
		expect(isLabelColor(3)).toBe(false);
	});
});
