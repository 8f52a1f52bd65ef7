"""Place names of the genre: which words name a sub-region a plan can assign industries to.

Plans name regions three ways: bare short names from a list (淮南, 马鞍山), short names with
an administrative suffix (宿州市, 安庆经开区), and local names that only the suffix marks
(居巢经开区, 合巢产业新城, 大观区). The lists below cover provinces and prefecture-level
cities; anything below that level is recognised by its suffix, never by a per-document list.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    """Space-separated names: long lists stay readable and diffable by line."""
    return tuple(text.split())


PROVINCES: tuple[str, ...] = _words(
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
)

# Prefecture-level cities by short name (the 市 dropped), grouped by province for review.
CITIES: tuple[str, ...] = _words(
    # 河北 山西 内蒙古
    "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同 阳泉 长治 晋城 朔州 晋中 "
    "运城 忻州 临汾 吕梁 呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 "
    # 辽宁 吉林 黑龙江
    "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛 长春 吉林 四平 辽源 通化 "
    "白山 松原 白城 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 "
    # 江苏 浙江 安徽
    "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 杭州 宁波 温州 嘉兴 湖州 绍兴 "
    "金华 衢州 舟山 台州 丽水 合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 "
    "池州 宣城 巢湖 "
    # 福建 江西 山东
    "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 "
    "上饶 济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 "
    # 河南 湖北 湖南
    "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 "
    "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 "
    "张家界 益阳 郴州 永州 怀化 娄底 "
    # 广东 广西 海南
    "广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 "
    "揭阳 云浮 南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左 海口 三亚 儋州 "
    # 四川 贵州 云南 西藏
    "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 "
    "贵阳 六盘水 遵义 安顺 毕节 铜仁 昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 拉萨 日喀则 "
    # 陕西 甘肃 青海 宁夏 新疆
    "西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛 兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 "
    "酒泉 庆阳 定西 陇南 西宁 海东 银川 石嘴山 吴忠 固原 中卫 乌鲁木齐 克拉玛依 吐鲁番 哈密"
)

# Suffixes that make a word a region, longest first so 经济开发区 wins over 区.
SUFFIXES: tuple[str, ...] = (
    "经济技术开发区", "高新技术产业开发区", "经济开发区", "高新技术开发区", "产业集聚区", "工业园区",
    "产业新城", "产业园区", "经开区", "高新区", "开发区", "示范区", "工业园", "产业园", "新区", "园区", "自治州",
    "自治县", "地区", "省", "市", "县", "区", "旗", "镇", "乡", "盟", "州",
)

# Words that end in a suffix but name no particular region (全市, 各县, 城区, 新城区…).
NOT_REGIONS: tuple[str, ...] = (
    "全省", "全市", "全县", "全区", "我省", "我市", "我县", "我区", "本市", "本省", "本县", "本区", "各市",
    "各县", "各区", "各地区", "城市", "城区", "市区", "县区", "地区", "园区", "新区", "开发区", "社区",
    "景区", "街区", "片区", "山区", "湖区", "功能区", "集聚区", "示范区", "试验区", "先行区", "引领区",
    "承载区", "核心区", "辐射区", "产业园区", "工业园区", "工业园", "城镇", "乡镇", "小城镇", "特色小镇",
)

# Prefixes that make a suffixed word generic rather than a name (各有关乡镇, 相关县区, 周边县).
GENERIC_PREFIXES: tuple[str, ...] = ("全市", "全省", "全县", "全区", "全国", "全域", "各", "我", "本", "该", "其", "有关", "相关", "周边", "沿", "重点", "部分")

# ---- words around places: how a plan assigns industries to them ---------------------------

# Verbs that follow a region and open its industries (安庆经开区重点发展A和B), longest first
# where one contains another. 主导产业为 / 产业定位为 read the same way (X主导产业为A、B).
ASSIGN_VERBS: tuple[str, ...] = (
    "重点培育发展", "重点发展", "主要发展", "着力发展", "优先发展", "集中发展", "聚焦发展", "突出发展",
    "大力发展", "积极发展", "重点培育", "着力培育", "着力打造", "重点打造", "聚焦打造", "重点布局", "主要布局",
    "集中布局", "着眼于", "聚焦", "主攻", "主导产业为", "主导产业是", "主导产业:", "产业定位为", "产业定位是",
    "发展定位为", "致力打造", "致力发展", "做强做大", "做大做强", "发展壮大", "培育壮大",
    # 合肥偏向电子信息，芜湖聚焦汽车制造，马鞍山主打钢铁新材料 / 眉山重点瞄准新型显示、集成电路…
    "偏向", "主打", "重点瞄准", "做精做优", "做精做强", "做精",
)
# Verbs that take any object (打造一流营商环境, 聚焦招商引资): after them only an industry
# (…产业, …产业集群) is a focus.
OPEN_ASSIGN_VERBS: tuple[str, ...] = ("打造", "聚焦", "着眼于", "主攻", "做强", "做大", "壮大", "做精")
# Words that may stand between a region and its verb (新密产业新城则聚焦打造…, 庐江县要重点发展…).
CONNECTORS: tuple[str, ...] = ("今后", "未来", "规划", "则", "要", "将", "应", "也", "还", "可", "的")
# What a place list names when it assigns a sector by site (淮南、宿州市大数据存储基地).
FACILITIES: tuple[str, ...] = (
    "产业集聚区", "集聚区", "产业聚集区", "聚集区", "产业基地", "基地", "产业园", "园区", "中心", "产业集群", "示范区",
)
# Verbs a sector never contains: a "sector" holding one ran over a region or its verb.
NOT_IN_SECTOR: tuple[str, ...] = (
    *ASSIGN_VERBS, "打造", "发展", "培育", "建设", "推进", "加快", "着力", "重点", "支持", "引导", "承接",
)
# Header words of an industry-layout table (区域 | 主导产业): which column names the region,
# which its industries.
REGION_COLUMNS: tuple[str, ...] = ("县(市、区)", "县市区", "县区", "地区", "区域", "园区", "开发区", "名称", "地市", "市县")
SECTOR_COLUMNS: tuple[str, ...] = ("主导产业", "重点产业", "重点发展", "产业定位", "发展方向", "特色产业", "首位产业")
