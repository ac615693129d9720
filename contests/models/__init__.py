from .edition import Edition, PrizeTier, Round
from .entry import ContestLog, Entry, EntryPhoto, Vote
from .judging import Assignment, Conflict, Score

__all__ = [
    "Assignment",
    "Conflict",
    "ContestLog",
    "Edition",
    "Entry",
    "EntryPhoto",
    "PrizeTier",
    "Round",
    "Score",
    "Vote",
]
