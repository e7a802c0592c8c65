/** Shared Tailwind class lists, so forms look the same in every feature. */
/** A form control's look, without a width (`inputClass` fills its container). */
export const controlClass =
	'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/40 focus:outline-none dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100';
export const inputClass = `w-full ${controlClass}`;
export const buttonClass =
	'rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60';
export const labelClass = 'block text-sm font-medium text-slate-700 dark:text-slate-200';
export const quietButtonClass =
	'rounded-md px-3 py-2 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-60 dark:ring-slate-600 dark:hover:bg-slate-800';
export const dangerButtonClass =
	'rounded-md bg-red-600 px-3 py-2 text-sm font-medium text-white hover:bg-red-500 disabled:opacity-60';
