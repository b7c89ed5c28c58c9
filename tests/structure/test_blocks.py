import pytest

from edition.structure.blocks import looks_like_title_line, parse_byline


@pytest.mark.parametrize("text,credits", [
    ("记者 李双玖", [("记者", "李双玖")]),
    ("首席记者 魏卓龙", [("首席记者", "魏卓龙")]),
    ("特聘首席记者 顾舜丽", [("特聘首席记者", "顾舜丽")]),
    ("本报记者 张三", [("本报记者", "张三")]),
    ("本报记者张三", [("本报记者", "张三")]),
    ("记者 张三 通讯员 李四", [("记者", "张三"), ("通讯员", "李四")]),
    ("本报记者 张三 李四", [("本报记者", "张三"), ("本报记者", "李四")]),
    ("实习生 王五", [("实习生", "王五")]),
    ("文/图 赵六", [("文/图", "赵六")]),
    ("摄影 钱七", [("摄影", "钱七")]),
])
def test_bylines_split_into_credits(text, credits):
    byline = parse_byline(text)
    assert byline is not None and byline.text == text
    assert [(c.role, c.name) for c in byline.credits] == credits


@pytest.mark.parametrize("text", ["记者节座谈会举行", "摄影展开幕", "会议要求，要全力推进", "记者们认真采访了群众。"])
def test_non_bylines_are_not_bylines(text):
    assert parse_byline(text) is None


def test_title_lines_look_like_titles():
    assert looks_like_title_line("坚定信心，全力抓改革谋创新")
    assert looks_like_title_line("找准产业赛道 推动产业集群化发展")
    assert not looks_like_title_line("会议要求，要全力抓改革谋创新，落实")      # two commas: body
    assert not looks_like_title_line("金晓明指出，要深入学习领会党中央、")      # ends mid-phrase
    assert not looks_like_title_line("表送上首批“爱心增值包”。")              # sentence end
