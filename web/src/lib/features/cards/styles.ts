/** Class lists the card drawer's parts share. */

/** A focus outline that shows for keyboard focus on any button, in light and dark. */
export const focusRing =
	'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400';

/** A button that reads as a link (Retry, Discard, Edit). */
export const linkButtonClass = `rounded text-sm font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900 dark:text-indigo-300 dark:hover:text-indigo-200 ${focusRing}`;

/** A link to another card (a subtask's parent, a card's subtasks). */
export const cardLinkClass = `rounded font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900 dark:text-indigo-300 dark:hover:text-indigo-200 ${focusRing}`;
