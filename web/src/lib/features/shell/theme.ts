import { browserStorage } from './storage';
import { ThemeState } from './theme.svelte';

/** The app's one theme setting, applied to <html>. */
export const theme = new ThemeState(browserStorage(), typeof document === 'undefined' ? null : document.documentElement);
