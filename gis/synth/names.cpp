#include "gis/synth/names.hpp"

#include <vector>

namespace jiuyou::synth {
namespace {

const std::vector<std::string> k_surnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
    "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
    "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
    "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤"};
const std::vector<std::string> k_landforms = {"湾", "沟", "坪", "岭", "河", "坝", "垭", "坡", "台", "院", "寨", "咀", "庄", "畈", "冲", "岗"};
const std::vector<std::string> k_prefixes = {"", "", "", "", "上", "下", "东", "西", "南", "北", "前", "后", "大", "小", "新", "老", "中"};
const std::vector<std::string> k_town_first = {"宝", "擂", "溢", "麻", "秦", "官", "双", "潘", "得", "文", "竹", "柳", "峪", "楼", "深", "大", "田",
                                               "溪", "黄", "龙", "凤", "金", "银", "青", "石", "松", "桃", "梅", "白", "柏", "茶", "桂", "云", "望",
                                               "安", "太", "平", "长", "高", "红", "丰", "兴", "福", "永", "新", "清", "玉", "华", "鹤", "乐"};
const std::vector<std::string> k_town_second = {"丰", "鼓", "水", "渡", "古", "台", "口", "胜", "庸", "峰", "林", "河", "坪", "山", "湾", "关",
                                                "坝", "溪", "岭", "阳", "源", "桥", "店", "铺", "垭", "滩", "川", "池", "寺", "营"};

}  // namespace

std::string NameMaker::village() {
  for (int attempt = 0; attempt < 400; ++attempt) {
    std::string name = m_rng.pick(k_prefixes) + m_rng.pick(k_surnames) + "家" + m_rng.pick(k_landforms) + "村";
    if (m_used.insert(name).second) return name;
  }
  // 100 surnames x 16 landforms x 13 prefixes are exhausted only far beyond any
  // county; number the rest so names stay unique.
  std::string name = m_rng.pick(k_surnames) + "家" + m_rng.pick(k_landforms) + std::to_string(m_used.size()) + "村";
  m_used.insert(name);
  return name;
}

std::string NameMaker::township(bool seat, bool town) {
  if (seat && m_used.insert("城关镇").second) return "城关镇";
  const std::string suffix = town ? "镇" : "乡";
  for (int attempt = 0; attempt < 400; ++attempt) {
    std::string name = m_rng.pick(k_town_first) + m_rng.pick(k_town_second);
    if (m_rng.chance(0.15)) name += m_rng.pick(k_town_second);
    name += suffix;
    if (m_used.insert(name).second) return name;
  }
  std::string name = m_rng.pick(k_town_first) + std::to_string(m_used.size()) + suffix;
  m_used.insert(name);
  return name;
}

}  // namespace jiuyou::synth
