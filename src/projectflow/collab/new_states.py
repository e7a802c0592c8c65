"""New document states from a board file's neutral data (imports and board templates): fresh
ids, and positions that keep the data's order."""

from uuid import UUID, uuid4

from projectflow.boardfiles.model import CardData, ChecklistData
from projectflow.collab.state import CardState, ChecklistItemState, ChecklistState
from projectflow.kit.fractional_index import keys_between


def new_card(
    card: CardData, column_id: UUID, position: str, assignee_ids: tuple[UUID, ...] = ()
) -> CardState:
    return CardState(
        id=uuid4(),
        column_id=column_id,
        title=card.title,
        position=position,
        description=card.description,
        labels=card.labels,
        assignee_ids=assignee_ids,
        due=card.due,
        due_done=card.due_done,
        archived=card.archived,
        checklists=new_checklists(card.checklists),
    )


def new_checklists(checklists: tuple[ChecklistData, ...]) -> tuple[ChecklistState, ...]:
    """Checklists and their items, in the data's order."""
    positions = keys_between(None, None, len(checklists))
    return tuple(
        ChecklistState(
            id=uuid4(),
            title=checklist.title,
            position=position,
            items=tuple(
                ChecklistItemState(id=uuid4(), text=item.text, position=at, done=item.done)
                for item, at in zip(
                    checklist.items, keys_between(None, None, len(checklist.items)), strict=True
                )
            ),
        )
        for checklist, position in zip(checklists, positions, strict=True)
    )
