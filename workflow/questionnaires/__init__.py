"""The satisfaction questionnaires: what is asked, how an answer is checked, and the sums made of the answers.

- questions.py: forms, answer kinds and scales, and the `Question`, `Section` and `QuestionSet` types;
- question_sets.py: the three forms per version, as data (`QUESTION_SETS`, `question_set`);
- validation.py: one submitted form checked against its question set (`validate`);
- results.py: response counts, percentages and mean grades per respondent group (import it as a module:
  `from workflow.questionnaires import results`).
"""

from workflow.questionnaires.question_sets import (
    ADULT_SUBGROUPS,
    CURRENT_VERSION,
    FAMILY,
    QUESTION_SETS,
    question_set,
)
from workflow.questionnaires.questions import (
    ADULTS,
    CHOICE,
    CONTROL,
    EXPLANATION_SUFFIX,
    FORM_LABELS,
    FORM_TYPES,
    FORMAL,
    GRADE,
    INFORMAL,
    MAX_EXPLANATION,
    MAX_TEXT,
    MINORS,
    NO,
    NUMBER,
    PARTLY,
    PROFESSIONALS,
    SCALE_VALUES,
    TEXT,
    UNKNOWN,
    YES,
    YES_PARTLY_NO,
    Question,
    QuestionSet,
    Section,
    Wording,
)
from workflow.questionnaires.validation import validate

__all__ = [
    "ADULTS",
    "ADULT_SUBGROUPS",
    "CHOICE",
    "CONTROL",
    "CURRENT_VERSION",
    "EXPLANATION_SUFFIX",
    "FAMILY",
    "FORMAL",
    "FORM_LABELS",
    "FORM_TYPES",
    "GRADE",
    "INFORMAL",
    "MAX_EXPLANATION",
    "MAX_TEXT",
    "MINORS",
    "NO",
    "NUMBER",
    "PARTLY",
    "PROFESSIONALS",
    "QUESTION_SETS",
    "SCALE_VALUES",
    "TEXT",
    "UNKNOWN",
    "YES",
    "YES_PARTLY_NO",
    "Question",
    "QuestionSet",
    "Section",
    "Wording",
    "question_set",
    "validate",
]
