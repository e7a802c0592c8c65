/** Class lists the board's own controls share (forms use $lib/ui/styles). */

/** A visible focus ring that holds AA non-text contrast on light and dark backgrounds. */
export const focusRing =
	'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400';

export const secondaryButton = `rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-700 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-60 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800 ${focusRing}`;

export const dangerButton = `rounded-md bg-red-700 px-3 py-2 text-sm font-medium text-white hover:bg-red-600 disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;

export const iconButton = `inline-flex size-8 items-center justify-center rounded-md text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800 ${focusRing}`;

export const menuItem =
	'flex w-full items-center gap-2 rounded px-3 py-2 text-left text-sm text-slate-800 hover:bg-slate-100 focus:bg-slate-100 focus-visible:outline-none disabled:opacity-50 dark:text-slate-100 dark:hover:bg-slate-800 dark:focus:bg-slate-800';
