"""core.drafts: what a dialog held when the workbench closed on it, kept beside the sessions."""
from __future__ import annotations

from fazhi.core import drafts
from fazhi.core.aggregate import aggregate_paths
from fazhi.core.drafts import Draft
from fazhi.core.rubric import load_rubric


def test_a_draft_is_kept_read_back_and_dropped(tmp_path):
    path = drafts.draft_path(tmp_path, "王芳", "a" * 64, "b" * 64)
    assert path.parent.name == drafts.FOLDER and drafts.load(path) is None
    draft = Draft("annotate", "b", "1.2", {"note": "数据\n翔实", "tag": "亮点", "passage": "[bold]x"}, 10, 20)
    drafts.keep(path, draft)
    assert drafts.load(path) == draft
    drafts.drop(path)
    assert not path.exists()
    assert drafts.draft_path(tmp_path, "王芳", "b" * 64, "a" * 64) != path  # one per pair, in its order


def test_a_file_that_is_no_draft_is_never_replaced_nor_removed(tmp_path):
    path = drafts.draft_path(tmp_path, "王芳", "a" * 64, "b" * 64)
    path.parent.mkdir()
    path.write_text("not = [a draft", encoding="utf-8")
    drafts.keep(path, Draft("score_note", "a", "law_enforcement", {"note": "x"}))
    drafts.drop(path)
    assert path.read_text(encoding="utf-8") == "not = [a draft" and drafts.load(path) is None


def test_drafts_are_not_sessions_to_pool(tmp_path):
    drafts.keep(drafts.draft_path(tmp_path, "王芳", "a" * 64, "b" * 64),
                Draft("score_note", "a", "law_enforcement", {"note": "x"}))
    result = aggregate_paths([str(tmp_path)], load_rubric())
    assert not result.problems and not result.sessions


def test_a_draft_the_disk_refuses_is_lost_alone(tmp_path, monkeypatch):
    """monkey33 F1: on a full disk, the draft written as the reviewer typed in a note's dialog raised the FazhiError
    the atomic write makes of the system's refusal, and the app ended, taking the dialog and the changes the window
    held (after a save it could not make) with it. Only the draft is lost."""
    import errno
    import tempfile

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    path = drafts.draft_path(tmp_path, "王芳", "a" * 64, "b" * 64)
    drafts.keep(path, Draft("score_note", "a", "law_enforcement", {"note": "x"}))
    assert drafts.load(path) is None
