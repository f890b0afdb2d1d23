import pytest

from digest.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the five terminators, each kept with its sentence
        ("工会开展送温暖活动。职工很满意！", ["工会开展送温暖活动。", "职工很满意！"]),
        ("活动办得怎么样？大家都说好。", ["活动办得怎么样？", "大家都说好。"]),
        # `；` joins the clauses of one sentence (GB/T 15834): a brief never opens after one
        ("一是稳就业；二是保民生。", ["一是稳就业；二是保民生。"]),
        ("米、面、油……应有尽有。", ["米、面、油……", "应有尽有。"]),
        # closing quotes and brackets stay with the sentence they close
        ("他说：“我们要把好事办好。”大家鼓掌。", ["他说：“我们要把好事办好。”", "大家鼓掌。"]),
        ("“好！”“好！”", ["“好！”", "“好！”"]),
        ("（详见附件。）下一句。", ["（详见附件。）", "下一句。"]),
        ("她问：“真的吗？”", ["她问：“真的吗？”"]),
        ("“这是‘职工之家’。”", ["“这是‘职工之家’。”"]),
        # commas, colons and numbers never end a sentence
        ("工资增长3.5%，达到1.2万元。", ["工资增长3.5%，达到1.2万元。"]),
        ("No.1选手获得金奖，奖金2.5万元。", ["No.1选手获得金奖，奖金2.5万元。"]),
        ("会议指出：要做好三件事。", ["会议指出：要做好三件事。"]),
        # ASCII stops in mixed text
        ("Hello!你好?好的。", ["Hello!", "你好?", "好的。"]),
        # no final stop: the last piece is still a sentence
        ("劳模创新工作室揭牌", ["劳模创新工作室揭牌"]),
        ("第一句。第二句没有句号", ["第一句。", "第二句没有句号"]),
        # a line break ends a sentence; blank lines and spaces go
        ("标题一行\n正文一句。", ["标题一行", "正文一句。"]),
        ("  前后空格。  \n\n\u3000\u3000缩进的段落。", ["前后空格。", "缩进的段落。"]),
        # punctuation cut off at the start of a line goes back to the sentence before
        ("他说：“要干好。\n”随后离开。", ["他说：“要干好。”", "随后离开。"]),
        ("", []),
        ("\n\n", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "市总工会开展金秋助学活动，资助困难职工子女120名。活动持续到9月底！\n“我们会继续做下去。”她说。",
        "一、加强领导；二、落实责任……三、强化督查？\n（完）",
    ],
)
def test_no_character_is_lost(text):
    joined = "".join(split_sentences(text))
    assert joined == "".join(text.split())
