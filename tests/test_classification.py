"""The yearly classification dictionary against seed 003 (渠县商务局 2023 年度部门决算公开)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
import yaml

import generator.standard.classification as classification_module
from generator.standard.classification import (
    ClassificationError,
    load_classification,
    normalise_name,
    read_classification,
)

# Seed 003, 第三部分 名词解释 4–23: every 科目 the department used, as "类/款/项 path：说明"
# (copied verbatim; the codes are not printed in the seed and follow from the names).
SEED_GLOSSARY = {
    "2011301": (
        "一般公共服务（类）商贸事务（款）行政运行（项）",
        "反映商贸事务方面行政单位（包括实行公务员管理的事业单位）的基本支出。",
    ),
    "2011302": (
        "一般公共服务（类）商贸事务（款）一般行政管理事务（项）",
        "反映行政单位（包括实行公务员管理的事业单位）未单独设置项级科目的其他项目支出。",
    ),
    "2011308": (
        "一般公共服务（类）商贸事务（款）招商引资（项）",
        "反映用于招商引资、优化经济环境等方面的支出。",
    ),
    "2011350": (
        "一般公共服务（类）商贸事务（款）事业运行（项）",
        "反映商贸事务方面事业单位的基本支出。",
    ),
    "2080501": (
        "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）",
        "反映行政单位（包括实行公务员管理的事业单位）开支的离退休经费。",
    ),
    "2080505": (
        "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）",
        "反映机关事业单位实施养老保险制度由单位缴纳的基本养老保险费支出。",
    ),
    "2080506": (
        "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）",
        "反映机关事业单位实施养老保险制度由单位实际缴纳的职业年金支出。",
    ),
    "2080705": (
        "社会保障和就业支出（类）就业补助（款）公益性岗位补贴（项）",
        "反映财政对符合条件的就业困难人员在公益性岗位就业给予的岗位补贴支出。",
    ),
    "2080801": (
        "社会保障和就业支出（类）抚恤（款）死亡抚恤（项）",
        "反映按规定用于烈士和牺牲、病故人员家属的一次性和定期抚恤金以及丧葬补助费。",
    ),
    "2089999": (
        "社会保障和就业支出（类）其他社会保障和就业支出（款）其他社会保障和就业支出（项）",
        "反映其他用于社会保障和就业方面的支出。",
    ),
    "2101101": (
        "卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）",
        "反映财政部门集中安排的行政单位基本医疗保险缴费经费，未参加医疗保险的行政单位的公费医疗经费，"
        "按国家规定享受离休人员、红军老战士待遇人员的医疗经费。",
    ),
    "2101102": (
        "卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）",
        "反映财政部门安排的事业单位基本医疗保险缴费经费，未参加医疗保险的事业单位的公费医疗经费，"
        "按国家规定享受离休人员待遇的医疗经费。",
    ),
    "2101103": (
        "卫生健康支出（类）行政事业单位医疗（款）公务员医疗补助（项）",
        "反映财政部门安排的公务员医疗补助经费。",
    ),
    "2101199": (
        "卫生健康支出（类）行政事业单位医疗（款）其他行政事业单位医疗支出（项）",
        "反映其他用于行政事业单位医疗方面的支出。",
    ),
    "2130599": (
        "农林水支出（类）巩固脱贫衔接乡村振兴（款）其他巩固脱贫衔接乡村振兴支出（项）",
        "反映其他用于巩固脱贫衔接乡村振兴方面的支出。",
    ),
    "2120899": (
        "城乡社区支出（类）国有土地使用权出让收入安排的支出（款）其他国有土地使用权出让收入安排的支出（项）",
        "反映土地出让收入用于其他方面的支出。",
    ),
    "2160299": (
        "商业服务业等支出（类）商业流通事务（款）其他商业流通事务支出（项）",
        "反映除商业流通事务、旅游业管理及服务支出、涉外发展服务支出、服务业基础设施建设以外的其他商业流通事务支出。",
    ),
    "2160699": (
        "商业服务业等支出（类）涉外发展服务支出（款）其他涉外发展服务支出（项）",
        "反映其他用于涉外发展服务等方面的支出。",
    ),
    "2169999": (
        "商业服务业等支出（类）其他商业服务业等支出（款）其他商业服务业等支出（项）",
        "反映其他商业服务业等方面支出。",
    ),
    "2210201": (
        "住房保障支出（类）住房改革支出（款）住房公积金（项）",
        "反映行政事业单位按人力资源和社会保障部、财政部规定的基本工资和津贴补贴以及规定比例为职工缴纳的住房公积金。",
    ),
}

# Seed 003, 第二部分 五(三): the 19 一般公共预算 项, as published. Items 13–19 came out of the PDF with
# half-width brackets (after a page break); the seed's own 名词解释 prints the same labels full-width.
SEED_ITEMS = [
    ("2011301", "一般公共服务（类）商贸事务（款）行政运行（项）"),
    ("2011302", "一般公共服务（类）商贸事务（款）一般行政管理事务（项）"),
    ("2011308", "一般公共服务（类）商贸事务（款）招商引资（项）"),
    ("2011350", "一般公共服务（类）商贸事务（款）事业运行（项）"),
    ("2080501", "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）"),
    ("2080505", "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）"),
    ("2080506", "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）"),
    ("2080705", "社会保障和就业支出（类）就业补助（款）公益性岗位补贴（项）"),
    ("2080801", "社会保障和就业支出（类）抚恤（款）死亡抚恤（项）"),
    ("2089999", "社会保障和就业支出（类）其他社会保障和就业支出（款）其他社会保障和就业支出（项）"),
    ("2101101", "卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）"),
    ("2101102", "卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）"),
    ("2101103", "卫生健康支出（类）行政事业单位医疗（款）公务员医疗补助(项)"),
    ("2101199", "卫生健康支出(类)行政事业单位医疗(款)其他行政事业单位医疗支出(项)"),
    ("2130599", "农林水支出(类)巩固脱贫衔接乡村振兴(款)其他巩固脱贫衔接乡村振兴支出(项)"),
    ("2160299", "商业服务业等支出(类)商业流通事务(款)其他商业流通事务支出(项)"),
    ("2160699", "商业服务业等支出(类)涉外发展服务支出(款)其他涉外发展服务支出(项)"),
    ("2169999", "商业服务业等支出(类)其他商业服务业等支出(款)其他商业服务业等支出(项)"),
    ("2210201", "住房保障支出(类)住房改革支出(款)住房公积金(项)"),
]

# Seed 003, 第二部分 六: economic 款 the seed names exactly as the catalogue does.
SEED_ECONOMIC = {
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30106": "伙食补助费",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "30199": "其他工资福利支出",
    "30201": "办公费",
    "30202": "印刷费",
    "30203": "咨询费",
    "30204": "手续费",
    "30205": "水费",
    "30206": "电费",
    "30207": "邮电费",
    "30208": "取暖费",
    "30209": "物业管理费",
    "30211": "差旅费",
    "30212": "因公出国（境）费用",
    "30213": "维修（护）费",
    "30214": "租赁费",
    "30215": "会议费",
    "30216": "培训费",
    "30217": "公务接待费",
    "30226": "劳务费",
    "30227": "委托业务费",
    "30228": "工会经费",
    "30229": "福利费",
    "30231": "公务用车运行维护费",
    "30240": "税金及附加费用",
    "30299": "其他商品和服务支出",
    "30301": "离休费",
    "30302": "退休费",
    "30304": "抚恤金",
    "30305": "生活补助",
    "30307": "医疗费补助",
    "30309": "奖励金",
    "31002": "办公设备购置",
    "31003": "专用设备购置",
    "31007": "信息网络及软件购置更新",
    "31099": "其他资本性支出",
}

PACKAGE_FILES = sorted(
    (
        file
        for file in resources.files("generator").joinpath("data", "classification").iterdir()
        if file.name.endswith(".yaml")
    ),
    key=lambda file: file.name,
)


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Tests that point the loader at other files must not see, nor leave, cached dictionaries."""
    classification_module._classification_of.cache_clear()
    classification_module._files.cache_clear()
    yield
    classification_module._classification_of.cache_clear()
    classification_module._files.cache_clear()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ── seed 003 ──────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("code", sorted(SEED_GLOSSARY))
def test_every_seed_code_has_its_seed_name_path_and_description(code: str) -> None:
    dictionary = load_classification(2023)
    label, description = SEED_GLOSSARY[code]
    subject = dictionary.functional(code)
    assert subject is not None
    assert subject.level == 3
    assert label.endswith(f"{subject.name}（项）")
    assert dictionary.path_label(code) == label
    assert subject.description == description


@pytest.mark.parametrize(("code", "published"), SEED_ITEMS)
def test_path_label_reproduces_the_19_items_of_section_five(code: str, published: str) -> None:
    label = load_classification(2023).path_label(code)
    assert label == published.replace("(", "（").replace(")", "）")
    assert normalise_name(label) == normalise_name(published)


def test_only_201_drops_zhichu_in_the_class_part_of_a_label() -> None:
    dictionary = load_classification(2023)
    assert dictionary.path_label("201") == "一般公共服务（类）"
    assert dictionary.functional("201").name == "一般公共服务支出"  # type: ignore[union-attr]
    for code in ("208", "210", "212", "213", "216", "221"):
        subject = dictionary.functional(code)
        assert subject is not None and subject.short_name is None
        assert dictionary.path_label(code) == f"{subject.name}（类）"


def test_path_lists_the_known_levels_top_down() -> None:
    dictionary = load_classification(2023)
    assert [subject.code for subject in dictionary.path("2011301")] == ["201", "20113", "2011301"]
    assert [subject.level for subject in dictionary.path("2011301")] == [1, 2, 3]
    assert dictionary.path_label("20805") == "社会保障和就业支出（类）行政事业单位养老支出（款）"
    # A 项 the dictionary lacks still gets its known 类 and 款; an unknown code prints as itself.
    assert dictionary.path_label("2011397") == "一般公共服务（类）商贸事务（款）"
    assert dictionary.path_label("9999999") == "9999999"
    assert dictionary.functional("9999999") is None


# ── economic classification ───────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("code", "name"), sorted(SEED_ECONOMIC.items()))
def test_economic_names_of_seed_003(code: str, name: str) -> None:
    subject = load_classification(2023).economic(code)
    assert subject is not None
    assert (subject.name, subject.kind, subject.level) == (name, "economic", 2)


def test_economic_classes_are_all_present() -> None:
    dictionary = load_classification(2023)
    classes = {
        "301": "工资福利支出",
        "302": "商品和服务支出",
        "303": "对个人和家庭的补助",
        "307": "债务利息及费用支出",
        "309": "资本性支出（基本建设）",
        "310": "资本性支出",
        "311": "对企业补助（基本建设）",
        "312": "对企业补助",
        "313": "对社会保障基金补助",
        "399": "其他支出",
    }
    for code, name in classes.items():
        subject = dictionary.economic(code)
        assert subject is not None and (subject.name, subject.level) == (name, 1)
    assert dictionary.economic("2011301") is None
    assert dictionary.functional("30101") is None


# ── summary-table labels and tolerant names ───────────────────────────────────────────────


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("一、一般公共服务支出", "201"),
        ("一般公共服务支出", "201"),
        ("一般公共服务", "201"),
        ("十五、商业服务业等支出", "216"),
        ("商业服务业等支出", "216"),
        ("二、外交", "202"),  # the 2024 template leaves 支出 out
        ("七、文化旅游体育与传媒", "207"),
        ("文化体育与传媒支出", "207"),  # pre-2019 name
        ("医疗卫生与计划生育支出", "210"),
        ("（九）卫生健康支出", "210"),
        ("9. 卫生健康支出", "210"),
        ("十八、自然资源海洋气象等支出", "220"),
        ("二十二、灾害防治及应急管理支出", "224"),
        ("二十四、抗疫特别国债安排的支出", "234"),
        ("  十九、 住房保障支出 ", "221"),
    ],
)
def test_class_code_for_label(label: str, code: str) -> None:
    assert load_classification(2023).class_code_for_label(label) == code


@pytest.mark.parametrize("label", ["本年支出合计", "一、一般公共预算财政拨款收入", "年末结转和结余", ""])
def test_class_code_for_label_rejects_other_rows(label: str) -> None:
    assert load_classification(2023).class_code_for_label(label) is None


def test_name_matches_tolerates_spacing_bracket_width_and_quotes() -> None:
    dictionary = load_classification(2023)
    assert dictionary.name_matches("20103", "政府办公厅(室)及相关机构事务")
    assert dictionary.name_matches("2011301", " 行政 运行\u3000")
    assert dictionary.name_matches("30212", "因公出国(境)费用")
    assert dictionary.name_matches("2080803", "“在乡复员、退伍军人生活补助”")
    assert normalise_name("“三公”经费") == normalise_name('"三公"经费')


def test_name_matches_rejects_other_and_pre_rename_names() -> None:
    dictionary = load_classification(2023)
    assert not dictionary.name_matches("2011301", "一般行政管理事务")
    assert not dictionary.name_matches("207", "文化体育与传媒支出")
    assert not dictionary.name_matches("30239", "其他交通费")  # seed 003's shortening is not the name
    assert not dictionary.name_matches("9999999", "行政运行")


# ── years ─────────────────────────────────────────────────────────────────────────────────


def test_load_classification_is_keyed_by_year_and_cached() -> None:
    assert load_classification(2023).year == 2023
    assert load_classification(2023) is load_classification(2023)


def test_a_year_without_a_file_uses_the_nearest_earlier_else_the_nearest_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    for year, name in ((2021, "旧名称"), (2024, "新名称")):
        _write(tmp_path / f"{year}.yaml", f'functional:\n  "201": {{name: {name}}}\neconomic: {{}}\n')
    _write(tmp_path / "README.txt", "not a dictionary")
    monkeypatch.setattr(classification_module, "_directory", lambda: tmp_path)
    chosen = {year: load_classification(year).year for year in (2019, 2021, 2022, 2023, 2024, 2030)}
    assert chosen == {2019: 2021, 2021: 2021, 2022: 2021, 2023: 2021, 2024: 2024, 2030: 2024}
    assert load_classification(2022).functional("201").name == "旧名称"  # type: ignore[union-attr]


def test_no_dictionary_file_at_all_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    monkeypatch.setattr(classification_module, "_directory", lambda: tmp_path)
    with pytest.raises(ClassificationError, match="未找到分类科目文件"):
        load_classification(2023)


# ── the data files ────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("file", PACKAGE_FILES, ids=lambda file: file.name)
def test_shipped_data_file_is_sane(file: Traversable) -> None:
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    assert set(data) == {"functional", "economic"}
    for section, lengths in (("functional", (3, 5, 7)), ("economic", (3, 5))):
        entries = data[section]
        for code, entry in entries.items():
            assert isinstance(code, str) and code.isdigit() and len(code) in lengths, code
            assert entry["name"].strip() == entry["name"] and entry["name"], code
            if len(code) > 3:
                assert code[:-2] in entries, f"{section}.{code} has no parent {code[:-2]}"
            assert entry.get("description", "反映").startswith("反映"), code
            assert code[0] == ("2" if section == "functional" else "3"), code
    assert read_classification(file).year == int(file.name.removesuffix(".yaml"))


def test_all_function_classes_of_2023_are_present() -> None:
    dictionary = load_classification(2023)
    classes = "201 202 203 204 205 206 207 208 209 210 211 212 213 214 215 216 217 219 220 221 222 223 224"
    for code in [*classes.split(), "227", "229", "230", "231", "232", "233", "234"]:
        subject = dictionary.functional(code)
        assert subject is not None and subject.level == 1 and subject.kind == "functional", code


# ── malformed files ───────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'functional:\n  "201": {name: 甲}\n  "2011301": {name: 行政运行}\neconomic: {}\n',
            "缺少上级科目 20113",
        ),
        ('functional:\n  "201": {name: 甲}\n  "2011": {name: 乙}\neconomic: {}\n', "3/5/7 位数字"),
        ('functional:\n  "201": {name: 甲}\neconomic:\n  "3011": {name: 乙}\n', "3/5 位数字"),
        ('functional:\n  "201": {name: 甲}\n  "20101": {description: 反映}\neconomic: {}\n', "科目名称"),
        ('functional:\n  "201": {name: 甲}\n  "20101": {name: 乙, note: 丙}\neconomic: {}\n', "note"),
        (
            'functional:\n  "201": {name: 甲}\n  "20101": {name: 乙, description: 3}\neconomic: {}\n',
            "应为文字",
        ),
        ('functional:\n  "201": {name: 甲}\n  "201": {name: 乙}\neconomic: {}\n', "重复"),
    ],
)
def test_malformed_entry_names_file_key_and_line(tmp_path: Path, text: str, expected: str) -> None:
    file = _write(tmp_path / "2023.yaml", text)
    with pytest.raises(ClassificationError) as raised:
        read_classification(file)
    message = str(raised.value)
    assert str(file) in message
    assert expected in message
    assert "第 3 行" in message or "第 4 行" in message


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("2023.yaml", "functional: [\n", "不是有效的 YAML"),
        ("2023.yaml", "- 201\n", "两节"),
        ("2023.yaml", "functional: {}\neconomic: [301]\n", "economic 一节"),
        ("latest.yaml", "functional: {}\n", "文件名"),
    ],
)
def test_malformed_file_is_a_clear_error(tmp_path: Path, name: str, text: str, expected: str) -> None:
    file = _write(tmp_path / name, text)
    with pytest.raises(ClassificationError, match=expected):
        read_classification(file)
