"""Keymap files: the shipped ones are complete and valid; user mistakes are reported once, by file and key."""
from __future__ import annotations

import tomllib

import pytest

from fazhi.core.errors import FazhiError
from fazhi.tui.keymap import ACTIONS, IDS, KEYMAP_DIR, default_keymap_toml, load_keymap


def test_default_file_lists_every_binding_id_with_its_description():
    text = (KEYMAP_DIR / "default.toml").read_text(encoding="utf-8")
    assert text == default_keymap_toml()  # generated from the code: never drifts
    keys = tomllib.loads(text)["keys"]
    assert list(keys) == IDS
    for line in text.splitlines()[5:]:
        assert "#" in line and line.split("#")[1].strip()


def test_bundled_keymaps_are_valid():
    assert load_keymap("default")["quit"] == "q,ctrl+q"
    assert load_keymap("vim")["scroll.down"].startswith("ctrl+d")


def _user(tmp_path, body: str):
    path = tmp_path / "mine.toml"
    path.write_text(body, encoding="utf-8")
    return str(path)


def test_unknown_id_gets_did_you_mean(tmp_path):
    with pytest.raises(FazhiError) as e:
        load_keymap(_user(tmp_path, '[keys]\n"pair.nxt" = "j"\n'))
    assert e.value.exit_status == 2 and "mine.toml" in str(e.value)
    assert "[keys.pair.nxt] unknown binding id (did you mean 'pair.next'?)" in str(e.value)


def test_malformed_key_name(tmp_path):
    with pytest.raises(FazhiError, match=r"malformed key name 'ctl\+n'"):
        load_keymap(_user(tmp_path, '[keys]\n"pair.next" = "ctl+n"\n'))


def test_a_value_of_commas_only_names_no_key_and_is_refused_as_an_empty_one_is(tmp_path):
    """Found by fuzzing: '"pair.next" = ",,,"' was accepted and left the action with no key, while "" is refused."""
    with pytest.raises(FazhiError, match=r"\[keys.pair.next\] names no key"):
        load_keymap(_user(tmp_path, '[keys]\n"pair.next" = ",,,"\n'))


def test_clash_is_reported(tmp_path):
    with pytest.raises(FazhiError) as e:
        load_keymap(_user(tmp_path, '[keys]\n"pair.next" = "n"\n'))
    assert "key 'n' is also bound to" in str(e.value) and "pair.next" in str(e.value) and "change.next" in str(e.value)


def test_a_key_is_checked_within_each_screen_it_is_bound_on(tmp_path):
    """The round moves its table with the pair keys and has its own (n, s, p, g, r): a keymap putting a pair key on
    one of those is refused (walk5: vim's g took the round's pooling silently); across screens a key may repeat."""
    with pytest.raises(FazhiError) as e:
        load_keymap(_user(tmp_path, '[keys]\n"pair.first" = "g"\n'))
    assert "key 'g' is also bound to 'round.aggregate'" in str(e.value)
    assert load_keymap(_user(tmp_path, '[keys]\n"pair.first" = "g"\n"round.aggregate" = "a"\n'))["round.aggregate"] == "a"
    assert load_keymap(_user(tmp_path, '[keys]\n"round.sort" = "o"\n'))  # o is the workbench's note: another screen


def test_swallowed_keys_refused(tmp_path):
    with pytest.raises(FazhiError, match="ctrl\\+s is swallowed"):
        load_keymap(_user(tmp_path, '[keys]\n"pair.next" = "ctrl+s"\n'))


@pytest.mark.parametrize("binding, written, words", [
    ("round.sort", "enter", "enter is taken by the table's Enter (it opens the row) on the round screen"),
    ("aggregate.up", "enter", "on the aggregate view"),
    ("round.next", "ctrl+p", "ctrl+p is taken by the command palette"),
    ("pair.next", "ctrl+p", "ctrl+p is taken by the command palette"),
    ("pair.next", "ctrl+ctrl+z", "malformed key name 'ctrl+ctrl+z'"),
    ("pair.next", "shift+1", "shift+1 never arrives"),
    ("pair.next", "shift+question_mark", "shift+question_mark never arrives"),
])
def test_a_key_its_screen_never_lets_through_is_refused(tmp_path, binding, written, words):
    """fuzz2: these were accepted and listed in the footer, and never fired (Enter opened the row, ctrl+p the
    palette, a terminal sends "!" for shift+1)."""
    with pytest.raises(FazhiError) as e:
        load_keymap(_user(tmp_path, f'[keys]\n"{binding}" = "{written}"\n'))
    assert words in str(e.value)


@pytest.mark.parametrize("written", ["shift+tab", "shift+up", "shift+f5", "shift+j", "ctrl+shift+left", "shift+enter",
                                     "shift+backspace", "enter"])
def test_shift_with_keys_a_terminal_sends_as_such_is_accepted(tmp_path, written):
    """reread6: shift+enter and shift+backspace arrive as such where the terminal speaks the kitty keyboard protocol
    (Textual asks for it); Enter for a pair key works on the workbench (the round's table moves with its arrows)."""
    assert load_keymap(_user(tmp_path, f'[keys]\n"pair.next" = "{written}"\n'))


def test_all_problems_at_once(tmp_path):
    with pytest.raises(FazhiError) as e:
        load_keymap(_user(tmp_path, '[keys]\n"pair.nxt" = "j"\n"quit" = "ctl+x"\n[extra]\n'))
    assert "3 problems" in str(e.value)


def test_thousands_of_problems_are_one_report_of_the_first_few_and_how_many_more(tmp_path, capsys):
    from fazhi.tui.cli import main
    from fazhi.tui.keymap import PROBLEMS_SHOWN

    body = "[keys]\n" + "".join(f'"x.unknown{i}" = "j"\n' for i in range(50_000))
    path = _user(tmp_path, body)
    with pytest.raises(FazhiError) as e:
        load_keymap(path)
    lines = str(e.value).splitlines()
    assert lines[0].endswith("invalid keymap, 50000 problems:") and len(lines) == 1 + PROBLEMS_SHOWN + 1
    assert "[keys.x.unknown0] unknown binding id" in lines[1] and lines[-1] == f"  … and {50_000 - PROBLEMS_SHOWN} more"
    assert main(["review", "a.txt", "b.txt", "--keymap", path]) == 2  # the exit status is unchanged
    assert len(capsys.readouterr().err.splitlines()) == len(lines)


def test_a_few_problems_are_all_listed(tmp_path):
    from fazhi.tui.keymap import PROBLEMS_SHOWN

    body = "[keys]\n" + "".join(f'"x.unknown{i}" = "j"\n' for i in range(PROBLEMS_SHOWN))
    with pytest.raises(FazhiError) as e:
        load_keymap(_user(tmp_path, body))
    assert "more" not in str(e.value) and len(str(e.value).splitlines()) == 1 + PROBLEMS_SHOWN


def test_shift_and_a_letter_is_the_capital_letter_and_clashes_as_it(tmp_path):
    assert load_keymap(_user(tmp_path, '[keys]\n"pair.last" = "end, shift+j,ctrl+shift+k"\n'))["pair.last"] == \
        "end,J,ctrl+shift+k"  # with ctrl, shift is reported as such
    with pytest.raises(FazhiError, match=r"pair.next\] key 'shift\+n' is also bound to 'change.prev'"):
        load_keymap(_user(tmp_path, '[keys]\n"pair.next" = "shift+n"\n'))


def test_modifiers_are_put_in_textual_s_order_and_clash_so(tmp_path):
    """fuzz5 F5: Textual names a key's modifiers in alphabetical order (alt+ctrl+x, ctrl+shift+up): ctrl+alt+x was
    accepted, bound, and never fired; and the same key written in two orders was no clash."""
    assert load_keymap(_user(tmp_path, '[keys]\n"pair.last" = "ctrl+alt+x, shift+ctrl+up"\n'))["pair.last"] == \
        "alt+ctrl+x,ctrl+shift+up"
    with pytest.raises(FazhiError, match=r"pair.prev\] key 'alt\+ctrl\+x' is also bound to 'pair.next'"):
        load_keymap(_user(tmp_path, '[keys]\n"pair.next" = "ctrl+alt+x"\n"pair.prev" = "alt+ctrl+x"\n'))


def test_a_clash_is_said_in_chinese(tmp_path):
    """fuzz5 F6: the template's {other} was the name of a bracketed clause's parameter: the clash stayed English."""
    from fazhi.tui.core_messages import say_core

    with pytest.raises(FazhiError) as e:
        load_keymap(_user(tmp_path, '[keys]\n"pair.next" = "Shift+Tab"\n"pane.switch" = "shift+tab"\n'))
    said = say_core(str(e.value), "zh")
    assert "已绑定给 'pair.next'(本文件中)" in said and "also bound" not in said


def test_missing_keymap_names_bundled_ones():
    with pytest.raises(FazhiError, match="bundled: default, vim"):
        load_keymap("/nonexistent/keys.toml")


def test_defaults_avoid_keys_terminals_swallow():
    from fazhi.tui.keymap import SWALLOWED

    for action in ACTIONS:
        assert not set(action.keys.split(",")) & set(SWALLOWED), action.id


def test_cli_refuses_bad_keymap_before_opening(tmp_path, capsys):
    from tests.conftest import sample
    from fazhi.tui.cli import main

    bad = _user(tmp_path, '[keys]\n"pair.nxt" = "j"\n')
    assert main(["review", str(sample("qingxi_2024.txt")), str(sample("dongkeng_2017.txt")), "--keymap", bad]) == 2
    assert "pair.nxt" in capsys.readouterr().err


@pytest.mark.parametrize("body, words", [
    (b"\xff\xfe[keys]\n", "not UTF-8"),
    (b'[keys]\n"pair.next" = ["j"]\n', "[keys.pair.next] must be a string"),
    (b'[keys]\n"pair.next" = 3\n', "[keys.pair.next] must be a string"),
    (b'keys = ["a"]\n', "[keys] must be a table"),
    (b'[keys]\n"pair.next" = "j\\u001b]52;c;aGk="\n', "control characters"),
    (b'[keys\n', "not valid TOML"),
])
def test_bad_keymap_files_are_one_clear_refusal(tmp_path, body, words):
    path = tmp_path / "mine.toml"
    path.write_bytes(body)
    with pytest.raises(FazhiError) as e:
        load_keymap(str(path))
    assert e.value.exit_status == 2 and words in str(e.value) and "\x1b" not in str(e.value)


def test_a_folder_is_not_a_keymap(tmp_path):
    folder = tmp_path / "keys.toml"
    folder.mkdir()
    with pytest.raises(FazhiError, match="is a folder") as e:
        load_keymap(str(folder))
    assert e.value.exit_status == 2


def test_a_clash_names_the_binding_as_the_file_writes_it_and_the_default_it_meets(tmp_path):
    """`"pair.last" = "shift+n"` was reported as `[keys.change.prev] key 'N' …`: neither the line nor the key the
    reviewer wrote."""
    with pytest.raises(FazhiError) as e:
        load_keymap(_user(tmp_path, '[keys]\n"pair.last" = "shift+n"\n'))
    assert "[keys.pair.last] key 'shift+n' is also bound to 'change.prev' (by default: N)" in str(e.value)
    with pytest.raises(FazhiError) as e:  # two bindings of the file on one key: the second is reported
        load_keymap(_user(tmp_path, '[keys]\n"pair.last" = "g"\n"pair.first" = "G,g"\n'))
    assert "[keys.pair.first] key 'g' is also bound to 'pair.last' (in this file)" in str(e.value)
    assert "'G'" not in str(e.value)  # G is another key (shift+g): free


@pytest.mark.parametrize("written, textual", [("SHIFT+j", "J"), ("SHIFT+tab", "shift+tab"), ("Shift+Tab", "shift+tab"),
                                              ("CTRL+n", "ctrl+n"), ("Ctrl+N", "ctrl+n"), ("alt+X", "alt+x"), ("F5", "f5"),
                                              ("j", "j"), ("J", "J")])
def test_modifiers_and_key_names_are_read_in_any_case(tmp_path, written, textual):
    """SHIFT+j was accepted and SHIFT+tab refused as malformed: case mattered for one and not the other."""
    keys = load_keymap(_user(tmp_path, f'[keys]\n"pair.next" = "{written}"\n'))
    assert keys["pair.next"] == textual


def test_the_annotation_walk_s_keys_clash_with_nothing_on_any_screen_nor_in_a_bundled_keymap():
    """walk6: no key stepped to the next or previous annotation. Its default keys are bound by no other binding on any
    screen (the round's and the aggregate view's too) and by no bundled keymap (vim's moves ] and [ to changes)."""
    from fazhi.tui.keymap import AGGREGATE_ACTIONS, BY_ID, ROUND_ACTIONS, SWALLOWED, TAKEN

    walk = {BY_ID[i].keys for i in ("annotation.next", "annotation.prev")}
    assert walk == {"right_curly_bracket", "left_curly_bracket"}
    others = {k for a in (*ACTIONS, *ROUND_ACTIONS, *AGGREGATE_ACTIONS) if not a.id.startswith("annotation.")
              for k in a.keys.split(",")}
    for path in KEYMAP_DIR.glob("*.toml"):
        others |= {k for binding_id, keys in load_keymap(str(path)).items() if not binding_id.startswith("annotation.")
                   for k in keys.split(",")}
    assert not walk & (others | set(TAKEN) | set(SWALLOWED))
