"""The words of the round file's template (`round_file.create_round_file`), apart so that a front end saying them in
the reviewer's language (tui/core_messages.py) does not load the round file's reading to know them."""

#: Each piece is written as comment lines.
HEADER = """\
fazhi review round — see docs/round-format.md. Edit freely: fazhi only ever appends to this file.

Correct a report whose government or year could not be read (or was read wrong), or leave one out:
  [[override]]
  file = "乡镇/清溪镇2025.docx"    # as listed by `fazhi round`, relative to this round's folder
  government = "清溪镇"
  year = 2025
  # skip = true                    # leave this report out of the round (e.g. one of two duplicates)

Share the work (optional): each reviewer sees their own reviews first.
  [[assign]]
  reviewer = "王芳"
  governments = ["清溪镇", "东坑镇"]  # and/or files = ["…"] (the later report of each review)

Compare peers (optional): a review of b beside another government's report a.
  [[pair]]
  a = "乡镇/静海镇2024.html"
  b = "乡镇/清溪镇2024.txt\""""
NEEDS_YOU = ("Needs you: uncomment, fill in, save; then press r on the round screen (or run `fazhi round` again).")
NOT_UTF8 = "its file name is not UTF-8: rename the file, then run `fazhi round` again"
