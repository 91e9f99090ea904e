"""`ThumbFollows`: a scroll view's scrollbar thumb where the view is from the moment the bar appears.

Textual moves a thumb only when `scroll_y` changes, and only while the bar is shown (Widget.watch_scroll_y): a view
scrolled before it had a bar (a reopened review put at the reviewer's place, its layout installed a layout before the
bar came) drew the thumb at the top until the first key moved it (walk21 F4).
"""
from __future__ import annotations


class ThumbFollows:
    """Mixin for a ScrollView, listed before it."""

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        if shown:
            self.vertical_scrollbar.position = self.scroll_y
