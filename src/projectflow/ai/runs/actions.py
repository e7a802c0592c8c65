"""The actions on a card: each a preset of instructions, tools, and what a final answer with no
proposed change becomes."""

from dataclasses import dataclass
from typing import Literal

from projectflow.ai.runs.schemas import ActionName

# What the model's last words become when it proposed no change itself (small local models
# often answer in text instead of calling a tool): the card's description, or a comment.
Fallback = Literal["description", "comment"] | None

READ_TOOLS = ("read_card", "search_cards", "list_columns")

SYSTEM = """You work on a card of a Kanban board in ProjectFlow AI, for the person who asked.
Read what you need with the tools. Changes you make with the tools are proposals the person
reviews before they apply, unless told otherwise. Be concise and concrete; write in the
language of the card. Never invent facts about the project: say what you do not know."""


@dataclass(frozen=True)
class Action:
    name: ActionName
    task: str
    tools: tuple[str, ...]
    fallback: Fallback = None


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action(
            "breakdown",
            "Break this card down into 3 to 8 subtasks, each small enough for one person in a "
            "day or two. Create each with `create_subtask` (a short title, and a description "
            "when the title is not enough). Then say in one sentence what you proposed.",
            (*READ_TOOLS, "create_subtask"),
        ),
        Action(
            "draft",
            "Draft this card's description: the goal in a sentence or two, then 'Acceptance "
            "criteria' as a Markdown checklist of testable statements. Keep what the current "
            "description already says that is right. Propose it with `update_card` "
            "(description only), or answer with the description alone.",
            (*READ_TOOLS, "update_card"),
            fallback="description",
        ),
        Action(
            "summarize",
            "Summarise this card: what it is about, where it stands, what was decided in its "
            "comments and history, and what is open. Read it first with `read_card`. Post the "
            "summary with `add_comment`, or answer with the summary alone.",
            ("read_card", "add_comment"),
            fallback="comment",
        ),
        Action(
            "estimate",
            "Estimate the effort of this card in story points (1, 2, 3, 5, 8, 13) and in "
            "ideal days, with the main risks and assumptions; look at similar cards with "
            "`search_cards`. Post the estimate with `add_comment`, or answer with it alone.",
            (*READ_TOOLS, "add_comment"),
            fallback="comment",
        ),
        Action(
            "custom",
            "Do what the person asks below, with the tools you need.",
            (
                *READ_TOOLS,
                "create_subtask",
                "create_card",
                "update_card",
                "move_card",
                "add_comment",
            ),
        ),
    )
}
