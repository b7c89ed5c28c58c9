"""WeasyPrint's multi-column layout in one pass, for the bodies the print layout sets.

A story's body is a multicol box of fixed height whose columns fill in turn
(`column-fill: auto`, see print.css.j2). For such a box WeasyPrint (70,
`layout.column.columns_layout`) first lays out every column as a trial, at the box's full
height, and for every column that leaves text over it also lays out *all the rest* of the
body at unlimited height, only to learn how tall the next line is; then it finds that
everything fits or not, throws the trials away and lays the columns out again for real.
What the trials find is used only to balance columns (`column-fill: balance`, or columns
followed by a spanning element) and to retry around footnotes: with a fixed height, filled
in turn, no spanning element and no footnotes, the real pass gets the same inputs whatever
they found, so its boxes, and the PDF, are the same without them. That trial work was
most of the final render's layout time (the rest laid out three to four times a body).

`single_pass_columns()` makes WeasyPrint skip the trials for exactly those boxes and lay
them out as its own code does after them (the code below is its tail, unchanged); any
other multicol box goes through WeasyPrint's function as it is.
"""
from __future__ import annotations

import contextlib


def _simple(context, box, skip_stack) -> bool:
    """Whether `box` is a multicol box whose trials cannot change its layout."""
    style = box.style
    height = style["height"]
    return (style["column_fill"] == "auto" and height != "auto" and height.unit.lower() == "px"
            and style["position"] != "relative" and not skip_stack and box.children
            and all(child.style["column_span"] != "all" for child in box.children)
            and context.current_footnote_area.height == "auto" and not context.current_page_footnotes)


def _columns_in_turn(context, box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes,
                     fixed_boxes, adjoining_margins, first_letter_style, first_line_style):
    """`columns_layout` for a `_simple` box: its set-up and its final pass, as WeasyPrint
    70 has them, without the trial loop between them."""
    from math import floor
    from weasyprint.layout.block import block_box_layout, block_level_width, collapse_margin
    from weasyprint.layout.column import _create_column_box, _report_footnotes
    from weasyprint.layout.percent import percentage

    style = box.style
    width = style["column_width"]
    count = style["column_count"]
    original_bottom_space = bottom_space
    context.in_column = True

    box = box.copy_with_children(box.children)
    box.position_y += collapse_margin(adjoining_margins)

    empty_space = context.page_bottom - box.content_box_y() - style["height"].value
    bottom_space = max(bottom_space, empty_space)

    block_level_width(box, containing_block)
    if style["column_gap"] == "normal":
        gap = style["font_size"]
    else:
        gap = percentage(style["column_gap"], box.style, box.width)
    if width == "auto" and count != "auto":
        width = max(0, box.width - (count - 1) * gap) / count
    elif width != "auto" and count == "auto":
        count = max(1, floor((box.width + gap) / (width + gap)))
        width = (box.width + gap) / count - gap
    else:
        count = max(1, min(count, floor((box.width + gap) / (width + gap))))
        width = (box.width + gap) / count - gap

    column_children = [child.copy() for child in box.children]
    index = 0                # where the columns' children start among the box's (no skip stack)
    break_page = False
    next_page = {"break": "any", "page": None}
    column_skip_stack = None
    new_children = []
    current_position_y = box.content_box_y() + collapse_margin([])
    # The trials end, for such a box, with the full height available: the real pass's
    # bottom space is then what it was (WeasyPrint: max(bottom_space, page_bottom -
    # position - height), with height = page_bottom - position - original_bottom_space).
    max_height = context.page_bottom - current_position_y - original_bottom_space
    bottom_space = max(bottom_space, context.page_bottom - current_position_y - max_height)

    i = 0
    max_column_height = 0
    columns = []
    while True:
        column_box = _create_column_box(box, containing_block, column_children, width, current_position_y)
        if style["direction"] == "rtl":
            column_box.position_x += box.width - (i + 1) * width - i * gap
        else:
            column_box.position_x += i * (width + gap)
        new_child, column_skip_stack, column_next_page, _, _, _ = block_box_layout(
            context, column_box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes,
            fixed_boxes, None, first_letter_style, first_line_style, discard=False, max_lines=None)
        if new_child is None:
            columns = []
            break_page = True
            break
        next_page = column_next_page
        skip_stack = column_skip_stack
        columns.append(new_child)
        max_column_height = max(max_column_height, new_child.margin_height())
        if skip_stack is None:
            bottom_space = original_bottom_space
            break
        i += 1

    current_position_y += min(max_height, max_column_height)
    for column in columns:
        column.height = max_column_height
        new_children.append(column)

    _report_footnotes(context, 0)
    if box.children and not new_children:
        context.in_column = False
        return None, (0, None), {"break": "any", "page": None}, [], False

    box.children = new_children
    current_position_y += collapse_margin([])
    height = current_position_y - box.content_box_y()
    if box.height == "auto":
        box.height = height
        height_difference = 0
    else:
        height_difference = box.height - height
    if box.min_height != "auto" and box.min_height > box.height:
        height_difference += box.min_height - box.height
        box.height = box.min_height
    for child in new_children[::-1]:
        if child.is_column:
            child.height += height_difference
        else:
            break

    skip_stack = None
    if column_skip_stack:
        skip, = column_skip_stack.keys()
        skip_stack = {index + skip: column_skip_stack[skip]}
    elif break_page:
        skip_stack = {index: None}
    context.in_column = False
    return box, skip_stack, next_page, [], False


@contextlib.contextmanager
def single_pass_columns():
    """Lay out fixed-height, filled-in-turn multicol boxes without WeasyPrint's trial passes
    (see above), for this block."""
    import weasyprint.layout.block as block
    original = block.columns_layout

    def columns_layout(context, box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes,
                       fixed_boxes, adjoining_margins, first_letter_style, first_line_style):
        layout = _columns_in_turn if _simple(context, box, skip_stack) else original
        return layout(context, box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes,
                      fixed_boxes, adjoining_margins, first_letter_style, first_line_style)

    block.columns_layout = columns_layout
    try:
        yield
    finally:
        block.columns_layout = original
