"""Word lists the document extractor uses to find names in running text.

Chinese has no spaces, so a name is found from its end: an enterprise name ends in an
industry word (``化工``, ``水产``) or a company form, a platform in its type (``研发中心``),
an institution in ``大学`` / ``研究院``. Its start is the nearest boundary word before it
(a verb, preposition or conjunction such as ``支持``, ``与``, ``抓好``) or punctuation.
"""

from __future__ import annotations

__all__ = [
    "BOUNDARY_WORDS",
    "COMPANY_FORMS",
    "ENTERPRISE_SUFFIXES",
    "GENERIC_FOLLOWERS",
    "GENERIC_PREFIXES",
    "INDUSTRY_ENDINGS",
    "INDUSTRY_WORDS",
    "INSTITUTION_SUFFIXES",
    "PLATFORM_TYPES",
]


def _words(text: str) -> list[str]:
    return text.split()


# Words an enterprise's short name ends in. Longer words first in every regex built from them.
ENTERPRISE_SUFFIXES = frozenset(
    _words(
        """
        特钢 防水 涂料 化肥 农化 电器 家电 机电 电机 泵业 轴承 齿轮 机床 新材 药品
        牧场 蛋业 肉业 肉食 酿造 发酵 制衣
        服装 鞋业 皮革 化纤 钢构 建工 路桥 能源 光伏 风电 储能 锂电 半导体 微电子
        机器人 航天 数控 液压 水处理 制冷 空调 暖通 门窗 铝塑
        塑胶 塑料 纸品 家居 卫浴 石材 玻纤 碳素 炭素 铝箔 铜材 焊材 线材 板业 钢板 管材
    乳业 五金 仪器 仪表 传媒 信息 光电 养殖 农业 农牧 冶金 制品 制药
    制造 动力 包装 化学 化工 化纤 医疗 医药 印刷 印染 商贸 器械 塑业
    实业 家具 家纺 建材 新材料 新能源 智能 服饰 木业 机场 机械 材料 果业
    枣业 棉业 模具 橡胶 水业 水产 水务 水泥 汽车 油脂 海产 渔业 港务
    热电 照明 燃气 牧业 物流 环保 玻璃 生态 生物 电力 电子 电气 电池
    电源 电缆 畜牧 盐业 盐化 石化 石油 矿业 种业 科技 管业 粮油 精工
    纤维 纸业 纺织 线缆 织造 网络 置业 股份 肥业 能源 航空 船舶 茶业
    药业 装备 贸易 轮胎 软件 酒业 重工 钢构 钢管 钢铁 铜业 铝业 铝材
    铸造 锻造 阀门 陶瓷 集团 面粉 食业 食品 饲料
        """
    )
)
COMPANY_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团有限公司", "集团", "公司")

# An industry word as an enterprise suffix is generic when one of these follows it
# (化工企业, 科技创新, 科技型): the phrase names a category, not a company.
GENERIC_FOLLOWERS = tuple(
    _words(
        """
        金融 经济 治理 管理 政策 赋能 特派 馆 周 节 展
    企业 行业 产业 领域 园区 集群 产品 技术 项目 基地 专业 人才 创新
    服务 成果 力量 型 类 局 厅 部 委 办 工作 统计 人员 资源 平台 水平
    能力 需求 难题 攻关 转移 转化 进步 特派员 计划 政策 支撑 引领 含量
    示范 体系 发展 强 大 水平 事业 市场 品牌 装置 设备 用品 品种 原料
    加工 养殖 安全 标准 专家 院校 高校 大学 学院 人 员 岗 局长
        """
    )
)

# Prefixes that make an "<x><industry word>" phrase a category (精细化工, 传统建材).
GENERIC_PREFIXES = frozenset(
    _words(
        """
    一些 一批 上市 中医 中小 主导 企业 优势 传统 低碳 信息 健康 先进
    全区 全县 全市 全省 其他 其它 养老 农业 农副 功能 加快 化学 化工
    区内 医疗 医药 发展 各类 合资 国内 国有 国际 地方 培育 外资 多家
    大型 安全 小微 工业 市内 应急 建设 当地 循环 战略 所有 推动 支柱
    数字 文化 新一代 新兴 新型 旅游 智能 有关 服务 本地 机械 民营 海外
    海洋 涉农 涉枣 清洁 煤炭 特色 现代 生物 电子 相关 省内 石油 科技
    精密 精细 纺织 绿色 规上 规模 这些 部分 重点 金融 食用 骨干 高新
    高新技术 高端 龙头
        """
    )
)

# Verbs, prepositions, conjunctions and nouns that end the text before a name.
BOUNDARY_WORDS = tuple(
    sorted(
        set(
            _words(
                """
                共建 合建 签署 就 跟踪 推荐了 支持了 新增 新认定 新培育
    上 下 与 专家 个 中 为 主要 举行 之 也 了 争取 于 产业 今年 从
    代表 以 以上 以下 以及 企业 会同 例如 依托 依据 促成 促进 借助 做好
    像 先后 入选 入驻 全力 全力以赴 全年 公司 共 共同 关于 其 其中 内
    再 准备 出席 分别 分别与 创建 利用 前 前往 力争 加入 加大 加快 动员
    包括 区 协助 协调 单位 即 去年 县 参观 又 及 发挥 召开 各 合作 同
    名 后 向 向着 吸引 和 团队 园区 围绕 在 均 培育 基于 处 外 大力
    好 如 完成 实施 实现 宣传 家 对 对接 将 已 已经 市 市场 带动 带领
    帮助 年内 并 座谈 建立 建设 开发区 开展 开展了 引导 引进 强调 很
    总经理 成功 成立 或 截至 打造 扶持 批 把 抓好 投资 招引 拟 持续
    指出 指导 按照 据 推介 推动 推荐 推进 搭建 携手 支持 教授 整合 新
    新建 是 更 最 有 服务 本 来自 校长 根据 正 正在 此 深入 牵头 由
    申报 的 目前 省 着力 着重 确保 积极 积极组织 等 策划 筹建 签约 签订
    精心 组建 组织 经 给 考察 联合 聘请 至 获批 获评 落实 落户 董事长
    行业 街道 被 要求 计划 认定 认定为 让 评为 该 调研 谋划 负责人 走访
    走进 赴 跟 达成 还 这 进一步 进行 通过 遍访 邀约 邀请 那 都 配合
    重点 重点抓好 针对 镇 间 院长 陪同 面向 项 领域 骨干 高新区 鼓励
    龙头
                """
            )
        ),
        key=len,
        reverse=True,
    )
)

INSTITUTION_SUFFIXES = ("大学", "学院", "研究院", "研究所", "科学院", "农科院", "先研院")

# Platform types (longest first).
PLATFORM_TYPES = (
    "工程技术研究中心",
    "博士后科研工作站",
    "博士后创新实践基地",
    "企业技术中心",
    "技术创新中心",
    "工程研究中心",
    "新型研发机构",
    "重点实验室",
    "工程实验室",
    "院士工作站",
    "专家工作站",
    "研发中心",
    "众创空间",
    "孵化器",
    "中试基地",
)

# Words that name an industry on their own (in 农牧、水产等企业).
INDUSTRY_WORDS = frozenset(
    _words(
        """
    乳业 储能 光伏 养殖 农业 农牧 冶金 制造 加工 化学 化工 医疗器械 医药
    家纺 建材 新材料 新能源 旅游 有色金属 机械 林业 果蔬 枣业 水产 汽车
    海产 海洋 渔业 物流 环保 生物 生物医药 电力 电子 畜牧 盐业 盐化 石化
    种植 粮油 精细化工 纺织 纺织服装 能源 装备 轻工 造纸 钢铁 铝业 风电
    食品 饲料 高端装备
        """
    )
)
INDUSTRY_ENDINGS = ("加工", "养殖", "种植", "制造", "产业", "行业", "农业", "牧业", "渔业")
