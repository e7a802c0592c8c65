/** WCAG 2 contrast between two sRGB colours written as "#rrggbb". */

function channel(value: number): number {
	const srgb = value / 255;
	return srgb <= 0.03928 ? srgb / 12.92 : ((srgb + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance, 0 (black) to 1 (white). */
export function luminance(hex: string): number {
	const match = /^#([0-9a-f]{6})$/i.exec(hex);
	if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
	const value = parseInt(match[1], 16);
	const [r, g, b] = [value >> 16, (value >> 8) & 0xff, value & 0xff].map(channel);
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** 1 (none) to 21 (black on white); AA asks 4.5 for normal text. */
export function contrastRatio(a: string, b: string): number {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (light + 0.05) / (dark + 0.05);
}
