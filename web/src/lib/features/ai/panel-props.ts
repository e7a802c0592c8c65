import type { Card } from '$lib/api/types';

/** What the card drawer hands the AI panel. */
export type AiPanelProps = {
	card: Card;
	/** The card's project (for the link to its AI settings). */
	projectId?: string;
	/** Members and up start runs and decide on proposals; viewers only read them. */
	canEdit: boolean;
	/** Owners and admins: the card's AI limit, and a way to the project's AI settings. */
	canManage: boolean;
	/** Applied changes landed: the card as it is now. */
	onchanged: (card: Card) => void;
	/** Applied changes made or moved other cards. */
	onboardchanged?: () => void;
};
