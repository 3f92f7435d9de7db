"""Write the bureau fixtures: tables laid out the way a district S&T bureau sends them.

``python tests/loaders/tables/bureau/make.py`` rewrites, beside this script,

- ``沾化区2023年规模以上工业企业名录.xlsx`` (sheet 规上工业企业名单): a title row, a
  填报单位 row with a unit note, headers with units and full-width brackets
  (``企业（单位）名称``, ``注册时间``, ``所属乡镇（街道）``), founding dates as Excel dates, as
  ``2013年7月``, ``2013.07``, a number shown as ``2016.10`` and bare years, revenue as
  ``1.6亿元``, ``850万``, ``3,200``, ``—``, ``未报``, headcounts as ``120人``, the personal
  columns 联系人 and 联系电话, unknown columns 主导产品 and 亩均税收（万元）, a 合计 row, a
  blank row and 说明：/注： lines under the table;
- ``沾化区规上工业企业名单_乡镇报送.csv``: part of the roster again, GBK-encoded, with
  ``单位全称`` for the name, three enterprises of the workbook and two more;
- ``2023年产学研合作项目汇总.xlsx`` (sheet 产学研合作项目): institutions by abbreviation
  (河北农大, 青岛科大, 省农科院, 中国农大), cooperation modes in bureau words, amounts as
  numbers, ``30万``, ``1,200``, ``200万元``, section rows (一、二、), 小计 and 合计 rows, the
  personal columns 项目负责人 and 联系电话;
- ``合作高校院所名单.xlsx`` (sheet 高校院所): institution types in bureau words (高等院校,
  科研院所, 事业单位, 新型研发机构, 省级研发平台), abbreviations only where the bureau wrote them;
- ``重点企业研发投入情况.xlsx`` (sheet 研发投入): a two-row header, a merged year cell over
  R&D spending and its share of revenue for 2022 and 2023, shares as percent-formatted
  numbers, ``3.5%`` strings and a plain 2.6 under a ``（%）`` header.

``expected.json`` beside them is written by hand: what a careful clerk reads from these files.
The output is deterministic (fixed workbook timestamps), and the files are committed, so the
tests never run this script.

>>> roster_csv().decode("gbk").splitlines()[2].split(",")[:3]
['序号', '单位全称', '统一社会信用代码']
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent

ROSTER_XLSX = "沾化区2023年规模以上工业企业名录.xlsx"
ROSTER_CSV = "沾化区规上工业企业名单_乡镇报送.csv"
COOPERATIONS_XLSX = "2023年产学研合作项目汇总.xlsx"
INSTITUTIONS_XLSX = "合作高校院所名单.xlsx"
RD_XLSX = "重点企业研发投入情况.xlsx"

FILED_BY = "填报单位：沾化区科技局    填报日期：2024年1月"

ROSTER_HEADER = [
    "序号", "企业（单位）名称", "统一社会信用代码", "注册时间", "所属乡镇（街道）", "所属行业",
    "营业收入（万元）", "是否高新技术企业", "从业人员", "主导产品", "亩均税收（万元）",
    "联系人", "联系电话",
]  # fmt: skip
_DATE = "yyyy-mm-dd"
_MONTH = 'yyyy"年"m"月"'
# (name, credit code, founded, founded's number format, town, industry, revenue, hte,
#  employees, products, tax per mu, contact, phone)
ROSTER = [
    ("滨州华升化工科技有限公司", "91371603MA3C8K2T1G", date(2013, 7, 15), _DATE, "富源街道",
     "化学原料和化学制品制造业", "1.6亿元", "是", "120人", "阻燃剂、增塑剂", 12.6,
     "王建国", "13905438816"),
    ("山东金丝食品有限公司", "91371603MA3CA1RN6U", "2013年7月", None, "下洼镇",
     "农副食品加工业", "850万", "否", 45, "冬枣脆片、枣汁", 3.2, "李秀英", "15853401237"),
    ("滨州建华建材有限公司", "91371603MA3D4FJ72H", "2013.07", None, "古城镇",
     "非金属矿物制品业", "3,200", "否", "86人", "蒸压加气混凝土砌块", 5.1,
     "赵立军", "13562017730"),
    ("沾化昶昇水产食品有限公司", "91371603MA3EB6LX05", 2008, None, "滨海镇",
     "农副食品加工业", "—", "是", "210人", "冷冻水产品、即食海参", "—",
     "刘海涛", "18605431122"),
    ("山东达民化工股份有限公司", "91371603163542897C", "2001年", None, "富源街道",
     "化学原料和化学制品制造业", 23560.5, "是", "1,050人", "氯碱、环氧丙烷", 18.9,
     "孙建华", "13854321876"),
    ("滨州海容电源科技有限公司", "91371603MA3F0Q3P4A", date(2016, 3, 1), _MONTH, "冯家镇",
     "电气机械和器材制造业", "未报", "是", 95, "铅酸蓄电池极板", None,
     "周磊", "15064321098"),
    ("山东浩瀚药业有限公司", "91371603MA3G2H5K8D", 2016.1, "0.00", "泊头镇",
     "医药制造业", "2.35亿", "是", "300人", "原料药、兽药中间体", 22.4,
     "吴春梅", "13791712233"),
    ("滨州大荣化工有限公司", "91371603MA3H7W1D3R", "2010年3月", None, "黄升镇",
     "化学原料和化学制品制造业", "9,860万元", "否", "150", "工业盐、溴素", 9.7,
     "陈志强", "18954388765"),
    ("沾化冬枣源生物科技有限公司", "91371603MA3J5R8E9J", "2018.11", None, "下洼镇",
     "食品制造业", 2150, "否", "62人", "冬枣酵素、枣醋", 4.8, "杨丽", "15192876543"),
    ("滨州鑫泰盐化有限公司", "91371603MA3K9T2M54", "2012", None, "滨海镇",
     "化学原料和化学制品制造业", "1.08亿元", "否", "180人", "溴化钠、氯化镁", 11.2,
     "黄伟", "13869876012"),
    ("山东沾化永兴纺织有限公司", "91371603MA3M3Y6B7A", date(2009, 5, 20), _DATE, "大高镇",
     "纺织业", " 4,560 ", "否", 230, "棉纱、坯布", 2.9, "马红梅", "17605437788"),
    ("滨州富国机械制造有限公司", "91371603MA3N8U4C24", "2019年10月", None, "富国街道",
     "通用设备制造业", "680万元", "是", "48人", "节水灌溉设备", 6.3,
     "郭建平", "13465436677"),
]  # fmt: skip

CSV_HEADER = [
    "序号", "单位全称", "统一社会信用代码", "注册时间", "所属乡镇（街道）", "所属行业",
    "营业收入（万元）", "是否高新技术企业", "从业人员", "联系人", "联系电话", "亩均税收（万元）",
]  # fmt: skip
CSV_ROWS = [
    ["1", "山东金丝食品有限公司", "91371603MA3CA1RN6U", "2013年7月", "下洼镇",
     "农副食品加工业", "850", "否", "45人", "李秀英", "15853401237", "3.2"],
    ["2", "滨州建华建材有限公司", "91371603MA3D4FJ72H", "2013.07", "古城镇",
     "非金属矿物制品业", "3200", "否", "86", "赵立军", "13562017730", "5.1"],
    ["3", "沾化昶昇水产食品有限公司", "91371603MA3EB6LX05", "2008", "滨海镇",
     "农副食品加工业", "—", "是", "210人", "刘海涛", "18605431122", "—"],
    ["4", "山东古城精细化工有限公司", "91371603MA3P2L7F1N", "2015年", "古城镇",
     "化学原料和化学制品制造业", "1.2亿", "是", "135人", "何军", "13954395566", "12"],
    ["5", "滨州泊头海盐科技有限公司", "91371603MA3Q6D9H6J", "2011.05", "泊头镇",
     "非金属矿采选业", "3,450万元", "否", "76人", "韩冬", "18765439900", "4.4"],
]  # fmt: skip

COOPERATIONS_HEADER = [
    "序号", "企业名称", "合作院校", "项目名称", "合作方式", "合同金额（万元）", "签订时间",
    "项目负责人", "联系电话",
]  # fmt: skip
# A section row is a str; a data row a list; a subtotal a ("小计"/"合计", amount).
COOPERATIONS: list[object] = [
    "一、化工医药类",
    [1, "滨州华升化工科技有限公司", "青岛科大", "无卤阻燃剂绿色合成工艺开发", "委托开发",
     80, date(2023, 3, 15), "张振华", "13371836655"],
    [2, "山东浩瀚药业有限公司", "中国农大", "兽用原料药合成专利许可", "技术许可",
     "1,200", date(2023, 6, 8), "赵明", "13810457788"],
    [3, "滨州大荣化工有限公司", "青岛科大", "低品位卤水溴素提取工艺咨询", "技术咨询",
     8.5, "2023年7月", "钱文斌", "15966812203"],
    [4, "山东达民化工股份有限公司", "青岛科技大学", "共建氯碱化工联合研发中心", "共建平台",
     "200万元", date(2023, 9, 1), "孙建华", "13854321876"],
    ("小计", 1488.5),
    "二、农业食品类",
    [5, "山东金丝食品有限公司", "河北农大", "冬枣采后保鲜技术研究", "合作开发",
     "50", "2023年4月", "李红梅", "15931288012"],
    [6, "沾化冬枣源生物科技有限公司", "省农科院", "冬枣酵素发酵菌种技术转让", "技术转让",
     "30万", date(2023, 5, 20), "周海燕", "0531-66659012"],
    [7, "沾化昶昇水产食品有限公司", "山东省农业科学院", "海参池塘生态养殖技术服务", "技术服务",
     15, date(2023, 8, 10), "刘海涛", "18605431122"],
    [8, "滨州富国机械制造有限公司", "中国农大", "冬枣园节水灌溉装备联合研发", "合作开发",
     60, date(2023, 10, 12), "郭建平", "13465436677"],
    ("小计", 155),
    ("合计", 1643.5),
]  # fmt: skip

INSTITUTIONS_HEADER = ["序号", "单位名称", "简称", "单位类型", "所在城市", "对接联系人", "联系电话"]
INSTITUTIONS = [
    [1, "河北农业大学", None, "高等院校", "保定市", "孙立新", "13831276655"],
    [2, "青岛科技大学", "青岛科大", "高等院校", "青岛市", "高远", "15192033478"],
    [3, "中国农业大学", None, "高等院校", "北京市", "林晓", "13601155832"],
    [4, "山东省农业科学院", None, "科研院所", "济南市", "齐鲁宁", "15806607421"],
    [5, "滨州市农业科学院", "滨州市农科院", "事业单位", "滨州市", "邢家宝", "13583481190"],
    [6, "渤海先进技术研究院", "渤海先研院", "新型研发机构", "滨州市", "于海洋", "17853421066"],
    [7, "山东省冬枣工程技术研究中心", "冬枣工程中心", "省级研发平台", "滨州市", "冯秋菊",
     "13156298834"],
]  # fmt: skip

RD_SHARE = "研发经费占营业收入比重（%）"
RD_SPEND = "R&D经费支出（万元）"
# (name, credit code, spend 2022, share 2022, spend 2023, share 2023); a float share is an
# Excel number shown with the format given in RD_FORMATS, a str is typed text.
RD = [
    ("滨州华升化工科技有限公司", "91371603MA3C8K2T1G", 520, 0.035, 610, 0.038),
    ("山东达民化工股份有限公司", "91371603163542897C", 812.5, "3.5%", 905, "3.84%"),
    ("山东浩瀚药业有限公司", "91371603MA3G2H5K8D", "1,050", 0.046, "1120", 0.048),
    ("滨州海容电源科技有限公司", "91371603MA3F0Q3P4A", 180, 2.6, "210万", "2.9%"),
    ("沾化冬枣源生物科技有限公司", "91371603MA3J5R8E9J", 45, "2.1%", 62, 0.029),
    ("滨州富国机械制造有限公司", "91371603MA3N8U4C24", "—", "—", 28.6, "4.2%"),
]
# number formats of the share cells by (row index, year column): percent unless listed here
RD_FORMATS = {(3, 0): "General", (4, 1): "0.0%"}


def _title(sheet: Worksheet, row: int, text: str, width: int, *, bold: bool = True) -> None:
    sheet.cell(row, 1, text).font = Font(bold=bold, size=14 if bold else 11)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.cell(row, 1).alignment = Alignment(horizontal="center" if bold else "left")


def _header(sheet: Worksheet, row: int, names: list[str]) -> None:
    for column, name in enumerate(names, start=1):
        sheet.cell(row, column, name).font = Font(bold=True)


def roster_workbook() -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "规上工业企业名单"
    width = len(ROSTER_HEADER)
    _title(sheet, 1, "沾化区2023年规模以上工业企业名录", width)
    sheet.cell(2, 1, FILED_BY)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=10)
    sheet.cell(2, 11, "金额单位：万元")
    sheet.merge_cells(start_row=2, start_column=11, end_row=2, end_column=width)
    _header(sheet, 3, ROSTER_HEADER)
    for number, entry in enumerate(ROSTER, start=1):
        row = 3 + number
        name, code, founded, founded_format, *rest = entry
        sheet.cell(row, 1, number)
        sheet.cell(row, 2, name)
        sheet.cell(row, 3, code)
        cell = sheet.cell(row, 4, founded)
        if founded_format:
            cell.number_format = founded_format
        for column, value in enumerate(rest, start=5):
            sheet.cell(row, column, value)
        sheet.cell(row, 13).number_format = "@"  # phone numbers typed as text
    total = 3 + len(ROSTER) + 1
    sheet.cell(total, 1, "合计")
    sheet.merge_cells(start_row=total, start_column=1, end_row=total, end_column=6)
    # what the bureau typed: the known revenues and the headcount, summed
    sheet.cell(total, 7, 95160.5)
    sheet.cell(total, 9, 2576)
    # a blank row, then the notes under the table
    notes = total + 2
    _title(
        sheet,
        notes,
        "说明：1.营业收入为2023年快报数，单位万元；2.“—”表示无数据，“未报”表示企业未按期报送。",
        width,
        bold=False,
    )
    _title(
        sheet, notes + 1, "注：联系电话仅供科技局内部联络使用，不得对外公开。", width, bold=False
    )
    return workbook


def roster_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    blank = [""] * (len(CSV_HEADER) - 1)
    writer.writerow(["沾化区2023年规模以上工业企业名单（乡镇报送）", *blank])
    writer.writerow([FILED_BY, *blank])
    writer.writerow(CSV_HEADER)
    writer.writerows(CSV_ROWS)
    total = ["合计", "", "", "", "", "", "19500", "", "552", "", "", ""]
    writer.writerow(total)
    writer.writerow(["注：本表由各乡镇（街道）报送，营业收入为2023年快报数。", *blank])
    return out.getvalue().encode("gbk")


def cooperations_workbook() -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "产学研合作项目"
    width = len(COOPERATIONS_HEADER)
    _title(sheet, 1, "沾化区2023年产学研合作项目汇总表", width)
    _header(sheet, 2, COOPERATIONS_HEADER)
    row = 2
    for entry in COOPERATIONS:
        row += 1
        if isinstance(entry, str):
            _title(sheet, row, entry, width, bold=False)
        elif isinstance(entry, tuple):
            label, amount = entry
            sheet.cell(row, 1, label)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
            sheet.cell(row, 6, amount)
        elif isinstance(entry, list):
            for column, value in enumerate(entry, start=1):
                cell = sheet.cell(row, column, value)
                if isinstance(value, date):
                    cell.number_format = _DATE
    return workbook


def institutions_workbook() -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "高校院所"
    width = len(INSTITUTIONS_HEADER)
    _title(sheet, 1, "沾化区产学研合作高校院所名单", width)
    _header(sheet, 2, INSTITUTIONS_HEADER)
    for offset, entry in enumerate(INSTITUTIONS):
        for column, value in enumerate(entry, start=1):
            sheet.cell(3 + offset, column, value)
    notes = 3 + len(INSTITUTIONS)
    _title(sheet, notes, "注：简称栏为空的，按单位通用简称对接。", width, bold=False)
    return workbook


def rd_workbook() -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "研发投入"
    _title(sheet, 1, "沾化区重点企业研发投入情况统计表", 7)
    for column, name in enumerate(["序号", "企业名称", "统一社会信用代码"], start=1):
        sheet.cell(2, column, name).font = Font(bold=True)
        sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    for first, year in ((4, "2022年"), (6, "2023年")):
        sheet.cell(2, first, year).font = Font(bold=True)
        sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=first + 1)
        sheet.cell(3, first, RD_SPEND).font = Font(bold=True)
        sheet.cell(3, first + 1, RD_SHARE).font = Font(bold=True)
    for index, (name, code, *years) in enumerate(RD):
        row = 4 + index
        sheet.cell(row, 1, index + 1)
        sheet.cell(row, 2, name)
        sheet.cell(row, 3, code)
        for year_index in range(2):
            spend, share = years[2 * year_index], years[2 * year_index + 1]
            sheet.cell(row, 4 + 2 * year_index, spend)
            cell = sheet.cell(row, 5 + 2 * year_index, share)
            if isinstance(share, float):
                cell.number_format = RD_FORMATS.get((index, year_index), "0.00%")
    total = 4 + len(RD)
    sheet.cell(total, 1, "合计")
    sheet.merge_cells(start_row=total, start_column=1, end_row=total, end_column=3)
    sheet.cell(total, 4, 2607.5)
    sheet.cell(total, 6, 2935.6)
    _title(sheet, total + 1, "注：研发经费占比=R&D经费支出/营业收入。", 7, bold=False)
    return workbook


def save_fixed(workbook: openpyxl.Workbook, path: Path) -> None:
    """Save with fixed timestamps so that the same content gives the same bytes."""
    raw = io.BytesIO()
    workbook.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                stamp = b"2024-01-15T08:00:00Z"
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp, data)
            info = zipfile.ZipInfo(item.filename, date_time=(2024, 1, 15, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dest.writestr(info, data)
    path.write_bytes(out.getvalue())


def main(folder: Path = HERE) -> None:
    save_fixed(roster_workbook(), folder / ROSTER_XLSX)
    (folder / ROSTER_CSV).write_bytes(roster_csv())
    save_fixed(cooperations_workbook(), folder / COOPERATIONS_XLSX)
    save_fixed(institutions_workbook(), folder / INSTITUTIONS_XLSX)
    save_fixed(rd_workbook(), folder / RD_XLSX)


if __name__ == "__main__":
    main()
