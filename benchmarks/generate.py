"""Seeded corpus of call-center transcripts and scripts (en, zh, tl) with planted violations.

    python benchmarks/generate.py --out benchmarks/out/corpus --files 2000 --seed 1

Each file is a chat log (``[00:01:05] Agent: …``, ``00:01:05 坐席：…``) or a Markdown script
(``Agent: …`` / ``Customer: …``, ``坐席：`` / ``客户：``, ``Ahente:``) of a few KB, made of
hand-written compliant lines. Some agent lines are replaced by planted violations: the
``examples.bad`` sentences of the bundled packs' forbidden rules that apply to agents.
``manifest.json`` records, per file, every planted (line, rule, text).

File *i* depends only on (seed, i, packs), so a 10,000-file corpus starts with the same files
as a 2,000-file corpus of the same seed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    LOCALES,
    LOCALES_DIR,
    PhraseFilter,
    generator_digest,
    load_locale_specs,
    note,
    rules_for_benchmark,
)

GENERATOR_VERSION = 1

# ------------------------------------------------------------------------------ slot values
SLOTS = {
    "en": {
        "company": ["Northwind Telecom", "Bluebird Energy", "Harbor Bank", "Maple Mobile"],
        "agent": ["Emma", "Daniel", "Priya", "Marcus", "Sofia", "Kevin", "Aisha", "Tom"],
        "cust": ["Laura Chen", "James Miller", "Ana Santos", "Robert Brown", "Grace Kim"],
        "daypart": ["morning", "afternoon", "evening"],
        "rest": ["day", "afternoon", "evening", "weekend"],
        "amount": ["$12.40", "$29.99", "$45.00", "$8.15", "$64.20", "$110.75"],
        "order": ["A1043-77", "B2210-05", "C8812-41", "D0391-18", "E5520-63"],
        "date": ["March 3", "April 14", "May 21", "June 9", "July 30", "August 2"],
        "date2": ["March 6", "April 17", "May 24", "June 12", "August 5"],
        "plan": ["Basic", "Unlimited Plus", "Family Share", "Fiber 300", "Green Saver"],
        "feature": ["unlimited calls", "20 GB of data", "free international texts", "a router"],
        "ref": ["REF-48213", "REF-90577", "REF-11846", "REF-66302"],
        "phone": ["555-0142", "555-0187", "555-0111", "555-0169"],
        "last4": ["4821", "0937", "5566", "7310"],
        "dob": ["May 4, 1986", "October 19, 1972", "January 28, 1995"],
        "acct": ["88120457", "77310982", "66024513"],
        "code": ["418 207", "930 155", "276 804"],
        "city": ["Denver", "Portland", "Austin", "Raleigh"],
        "email": ["laura.chen@example.com", "j.miller@example.org", "ana.s@example.net"],
        "time1": ["8 AM", "10 AM", "1 PM"],
        "time2": ["12 PM", "2 PM", "5 PM"],
        "topic": ["Billing inquiry", "Order status", "Plan change", "Address update"],
    },
    "zh": {
        "company": ["华信通信", "蓝海电力", "长城银行", "东方物流"],
        "gonghao": ["1023", "2048", "3317", "5306", "7781"],
        "xingming": ["张伟", "王芳", "李娜", "刘洋", "陈静"],
        "siwei": ["3821", "0456", "7719", "2093"],
        "shouji": ["138 0013 8000", "139 1234 5678", "186 0000 1111"],
        "jine": ["58", "128", "39.5", "76", "199"],
        "jine2": ["38", "88", "29", "50"],
        "dingdan": ["JD20240315", "SF10928374", "YT55012873"],
        "riqi": ["三月五日", "四月十二日", "五月二十日", "六月八日"],
        "riqi2": ["三月七日", "四月十四日", "五月二十二日", "六月十日"],
        "taocan": ["畅享套餐", "家庭融合套餐", "宽带一百兆套餐", "流量月包"],
        "liuliang": ["三十G", "五十G", "一百G"],
        "gongdan": ["GD-20931", "GD-44810", "GD-70215"],
        "youxiang": ["zhangwei@example.com", "wangfang@example.cn"],
        "zhuti": ["话费查询", "宽带报修", "套餐变更", "快递查询"],
    },
    "tl": {
        "company": ["Northwind Telecom", "Bluebird Energy", "Harbor Bank", "Maple Mobile"],
        "agent": ["Joy", "Mark", "Liza", "Paolo", "Kristine", "Jerome"],
        "cust": ["Maria Santos", "Jose Reyes", "Ana Cruz", "Ramon Dela Cruz"],
        "daypart": ["umaga", "hapon", "gabi"],
        "amount": ["PHP 499", "PHP 1,299", "PHP 250", "PHP 799"],
        "order": ["A1043-77", "B2210-05", "C8812-41"],
        "date": ["Marso 3", "Abril 14", "Mayo 21", "Hunyo 9"],
        "date2": ["Marso 6", "Abril 17", "Mayo 24", "Hunyo 12"],
        "plan": ["Basic", "Unli Plus", "Family Share", "Fiber 300"],
        "ref": ["REF-48213", "REF-90577", "REF-11846"],
        "phone": ["0917 123 4567", "0998 765 4321", "0920 555 0101"],
        "dob": ["Mayo 4, 1986", "Oktubre 19, 1992", "Enero 28, 1995"],
        "email": ["maria.santos@example.com", "jose.reyes@example.ph"],
        "time1": ["8 AM", "10 AM", "1 PM"],
        "time2": ["12 PM", "3 PM", "5 PM"],
        "topic": ["Billing inquiry", "Order status", "Pagpapalit ng plan", "Repair request"],
    },
}

# ------------------------------------------------------------------------------ templates
# Hand-written, plainly compliant lines. Sections: opening (agent greets), opener (customer
# states the reason), verify / answer, body (agent and customer), closing.
T = {
    "en": {
        "greet": [
            "Thank you for calling {company}, my name is {agent}. May I have your name, please?",
            "Good {daypart}, thank you for calling {company}. This is {agent}, may I have your "
            "full name, please?",
            "Hello and thank you for contacting {company}, you are speaking with {agent}. "
            "May I have your name so I can help you?",
        ],
        "opener": [
            "Hi {agent}, it's {cust}. I'm calling about my bill for this month.",
            "Hello, this is {cust}. I have a question about the charge of {amount} on my last "
            "statement.",
            "Hi, it's {cust}, I wanted to check the status of my order {order}.",
            "Good {daypart}, my name is {cust} and I would like to update the address on my "
            "account.",
            "Hi, I'm {cust}. I received a text message about a payment and wanted to check it.",
            "Hello, it's {cust}, I'd like to move to a cheaper plan.",
            "Hi, this is {cust}, my internet has been slow since yesterday evening.",
        ],
        "verify": [
            "I would be glad to look into that for you. Could you confirm the phone number on "
            "the account, please?",
            "Certainly. Could you please confirm the billing address on the account?",
            "For security, may I have the last four digits of the card on file?",
            "Thank you. Could you also confirm your date of birth, please?",
            "Could you please confirm the account number for me?",
        ],
        "answer": [
            "The phone number is {phone}.",
            "Sure, it's 12 Oak Street, {city}.",
            "The last four digits are {last4}.",
            "My date of birth is {dob}.",
            "The account number is {acct}.",
        ],
        "agent": [
            "Thank you, I can see your account now.",
            "I see the charge of {amount} from {date}, let me check the details for you.",
            "That charge is the monthly fee for the {plan} plan, which renews on the same day "
            "each month.",
            "I have updated the address on your account, and you will receive a confirmation "
            "email shortly.",
            "Your order {order} shipped on {date} and is expected to arrive by {date2}.",
            "I can offer you a credit of {amount} on your next bill.",
            "The {plan} plan costs {amount} per month and includes {feature}.",
            "I have submitted the request, and the reference number is {ref}.",
            "You will see the refund on your statement within five to seven business days.",
            "I appreciate your patience while I review the account.",
            "Let me check that for you right now.",
            "I have sent a verification code to the phone number on file.",
            "Could you read the code back to me when it arrives?",
            "The technician visit is confirmed for {date} between {time1} and {time2}.",
            "I have added a note to your account so any colleague can see what we discussed.",
            "Your new plan will take effect at the start of the next billing cycle.",
            "I can also set up automatic payments if you would like.",
            "The payment of {amount} was received on {date}, thank you.",
            "I will email you a summary of today's call.",
            "I have restarted the line from our side, could you check the connection now?",
            "Great, the speed test shows the full speed of your {plan} plan.",
        ],
        "customer": [
            "Okay, that makes sense.",
            "Thank you, that helps a lot.",
            "When will I see the credit on my account?",
            "Can you send me a confirmation by email?",
            "Yes, please go ahead.",
            "I got the code, it's {code}.",
            "That works for me.",
            "Great, and will the price stay the same next month?",
            "Could you also check whether my warranty is still active?",
            "I moved to {city} last month.",
            "My email address is {email}.",
            "Yes, automatic payments would be helpful.",
            "That sounds good, thank you for explaining.",
            "Which days are available for the technician?",
            "The connection looks much faster now.",
        ],
        # compliant lines that contain a forbidden phrase's letters inside a longer word, or
        # inside a rule's exception: matching must respect word and token boundaries
        "nearmiss": [
            "Ohio customers can also pay at any partner store.",
            "Nothing else is needed from your side.",
            "Nobody else can change the plan without your approval.",
            "Ahead of the visit, the technician will call you.",
        ],
        "wrap": ["Is there anything else I can help you with today?"],
        "close": [
            "Thank you for calling {company}. Have a wonderful {rest}!",
            "Thank you for calling {company}, it was my pleasure to help you today. Goodbye.",
        ],
        "bye": ["That's all, thank you. Goodbye.", "Thanks for your help, bye."],
        "title": ["# {topic} script", "# Call script: {topic}"],
        "sections": ["## Opening", "## Verification", "## Resolution", "## Closing"],
    },
    "zh": {
        "greet": [
            "您好，欢迎致电{company}客户服务中心，{gonghao}号客服为您服务，请问有什么可以帮您？",
            "您好，这里是{company}服务热线，很高兴为您服务，请问有什么可以帮您？",
            "您好，{company}客服中心，请问有什么可以帮助您？",
        ],
        "opener": [
            "你好，我想查询一下我这个月的话费。",
            "你好，我的快递{dingdan}还没有收到。",
            "我想咨询一下宽带续费的事情。",
            "你好，我上个月交的费用好像没有到账。",
            "我想把套餐改成便宜一点的。",
            "我家的网络从昨天晚上开始就连不上了。",
        ],
        "verify": [
            "好的，请您提供一下机主姓名和身份证后四位，好吗？",
            "麻烦您告诉我一下您的手机号码，我帮您查询。",
            "为了保障您的账户安全，请您核对一下机主姓名。",
            "请问您是机主本人吗？",
        ],
        "answer": [
            "机主是{xingming}，身份证后四位是{siwei}。",
            "手机号是{shouji}。",
            "机主姓名是{xingming}。",
            "是的，我是机主本人。",
        ],
        "agent": [
            "感谢您的耐心等待，已经为您查到了。",
            "您本月的话费是{jine}元，其中套餐费{jine2}元。",
            "您的订单{dingdan}已于{riqi}发出，预计{riqi2}送达。",
            "我已经为您提交了报修申请，维修人员会在二十四小时内与您联系。",
            "您的费用已于{riqi}到账，请您放心。",
            "我可以为您办理{taocan}，每月{jine}元，包含{liuliang}流量。",
            "新套餐将从下个月一号开始生效。",
            "我已经把处理结果通过短信发送到您的手机上了。",
            "请您重启一下光猫，稍等一分钟后再试一下，好吗？",
            "好的，我这边帮您登记一下，工单号是{gongdan}。",
            "您反映的问题我已经详细记录下来了。",
            "如果您方便的话，我可以帮您开通自动缴费。",
            "退款会在三到五个工作日内原路返回到您的账户。",
            "请问您现在网络恢复正常了吗？",
            "好的，我马上为您查询，请稍等。",
            "您的宽带到期时间是{riqi}，现在续费可以享受九折优惠。",
            "已经为您修改成功，短信通知稍后发送到您的手机。",
            "您的账户余额是{jine}元，可以正常使用。",
        ],
        "customer": [
            "好的，明白了。",
            "谢谢你，说得很清楚。",
            "那什么时候能到账呢？",
            "可以，麻烦你帮我办一下。",
            "好的，我重启试一下。",
            "现在可以上网了。",
            "我的邮箱是{youxiang}。",
            "那就下个月开始吧。",
            "维修人员大概几点能到？",
            "好，那我等短信。",
            "麻烦你帮我发一个短信确认一下。",
            "九折挺好的，那就续一年吧。",
        ],
        "nearmiss": [
            "喂养宠物的相关保险也可以在线办理。",
            "没事儿吧？您先别着急，我来帮您处理。",
            "稍等片刻后系统会自动刷新页面。",
        ],
        "wrap": ["请问还有什么可以帮助您？", "请问您还需要其他方面的服务吗？"],
        "close": [
            "感谢您的来电，祝您生活愉快，再见！",
            "感谢您的来电，如有其他问题欢迎再次来电，再见！",
        ],
        "bye": ["好的，谢谢，再见。", "没有了，谢谢你。"],
        "title": ["# {zhuti}服务脚本", "# 客服标准话术：{zhuti}"],
        "sections": ["## 开场白", "## 身份核实", "## 业务办理", "## 结束语"],
    },
    "tl": {
        "greet": [
            "Magandang {daypart} po, salamat sa pagtawag sa {company}. Ako po si {agent}, "
            "paano ko po kayo matutulungan?",
            "Hello po, salamat sa pagtawag sa {company}, si {agent} po ito. Ano po ang "
            "maipaglilingkod ko sa inyo?",
        ],
        "opener": [
            "Hello po, itatanong ko lang po yung bill ko ngayong buwan.",
            "Magandang {daypart} po, gusto ko pong i-check yung order ko na {order}.",
            "Gusto ko po sanang palitan yung plan ko.",
            "Nawalan po kami ng internet simula kagabi.",
            "May nakita po akong charge na {amount} sa statement ko.",
        ],
        "verify": [
            "Sige po, para po sa seguridad ng account ninyo, maaari ko po bang makuha ang buong "
            "pangalan ninyo?",
            "Maaari ko rin po bang makuha ang birthday ninyo?",
            "Pakikumpirma po ng mobile number na nakarehistro sa account.",
        ],
        "answer": [
            "{cust} po.",
            "Ang birthday ko po ay {dob}.",
            "Ang number ko po ay {phone}.",
        ],
        "agent": [
            "Salamat po. Nakikita ko na po ang account ninyo.",
            "Ang charge po na {amount} ay para sa monthly fee ng {plan} plan.",
            "Na-update ko na po ang address sa account ninyo.",
            "Na-ship na po ang order ninyo noong {date} at darating po ito bago mag-{date2}.",
            "Nag-submit na po ako ng request, at ang reference number po ay {ref}.",
            "Makikita po ninyo ang refund sa loob ng lima hanggang pitong araw.",
            "Magpapadala po kami ng technician sa {date}, mula {time1} hanggang {time2}.",
            "Maaari po ba ninyong i-restart ang modem at maghintay ng isang minuto?",
            "Nagpadala na po ako ng confirmation sa email ninyo.",
            "Naiintindihan ko po, at salamat po sa pasensya ninyo.",
            "Ang bagong plan po ay magsisimula sa susunod na billing cycle.",
            "Titingnan ko po agad ang account ninyo.",
            "Ang {plan} plan po ay {amount} kada buwan.",
            "Naayos na po ang connection mula sa aming system.",
        ],
        "customer": [
            "Ah okay po, salamat.",
            "Sige po, paki-proceed na po.",
            "Kailan ko po makikita yung credit?",
            "Opo, gumagana na po ang internet.",
            "Pwede po bang i-email na lang?",
            "Okay po, hihintayin ko po yung technician.",
            "Yung email ko po ay {email}.",
            "Salamat po sa tulong.",
            "Opo, malinaw na po.",
        ],
        "nearmiss": [
            "Hindi po kailangan ng bagong SIM.",
            "Oo nga po, tama po kayo.",
        ],
        "wrap": ["May iba pa po ba akong maitutulong sa inyo ngayon?"],
        "close": [
            "Maraming salamat po sa pagtawag sa {company}. Ingat po kayo!",
            "Salamat po. Magandang {daypart} po sa inyo!",
        ],
        "bye": ["Salamat din po, bye.", "Sige po, salamat."],
        "title": ["# Script: {topic}", "# Call script para sa {topic}"],
        "sections": ["## Pagbati", "## Beripikasyon", "## Pagtulong", "## Pagtatapos"],
    },
}

LABELS = {
    "en": {"agent": "Agent", "customer": "Customer"},
    "zh": {"agent": "坐席", "customer": "客户"},
    "tl": {"agent": "Ahente", "customer": "Customer"},
}
# Share of files per locale, and of chat logs (the rest are Markdown scripts).
LOCALE_WEIGHTS = {"en": 0.4, "zh": 0.35, "tl": 0.25}
CHAT_SHARE = 0.6
PLANTS_PER_FILE = ([0, 1, 2, 3], [30, 40, 20, 10])
NEAR_MISS = 0.06  # share of agent body lines drawn from "nearmiss"


class Filler:
    """Draws filled templates, redrawing any that the pack phrases could fire on."""

    def __init__(self, loc: str, rng: random.Random, flt: PhraseFilter):
        self.loc, self.rng, self.flt = loc, rng, flt

    def fill(self, section: str, index: int | None = None) -> str:
        pool = T[self.loc][section]
        if section == "nearmiss":  # these contain phrase look-alikes on purpose
            return self.rng.choice(pool)
        slots = SLOTS[self.loc]
        for _ in range(20):
            tpl = self.rng.choice(pool) if index is None else pool[index]
            line = tpl.format_map({k: self.rng.choice(v) for k, v in slots.items()})
            if not self.flt.fires(line):
                return line
        raise RuntimeError(f"every '{section}' template of {self.loc} fires a pack phrase")


def conversation(loc: str, rng: random.Random, flt: PhraseFilter) -> list[tuple[str, str]]:
    """(role, text) turns of one call, all compliant."""
    f = Filler(loc, rng, flt)
    turns = [("agent", f.fill("greet")), ("customer", f.fill("opener"))]
    # verification questions and their answers are written in matching order
    n = min(len(T[loc]["verify"]), len(T[loc]["answer"]))
    for k in sorted(rng.sample(range(n), rng.randint(1, 2))):
        turns += [("agent", f.fill("verify", k)), ("customer", f.fill("answer", k))]
    for _ in range(rng.randint(8, 40)):
        turns.append(("agent", f.fill("nearmiss" if rng.random() < NEAR_MISS else "agent")))
        if rng.random() < 0.8:
            turns.append(("customer", f.fill("customer")))
    turns += [("agent", f.fill("wrap")), ("customer", f.fill("bye")), ("agent", f.fill("close"))]
    return turns


def stamp(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def speech_seconds(loc: str, text: str) -> int:
    # ~2.5 words/s in en/tl, ~4 Han characters/s in zh: well under "speaking too fast"
    units = len(text) / 4 if loc == "zh" else len(text.split()) / 2.5
    return max(2, round(units))


def render(loc: str, fmt: str, turns, rng: random.Random) -> list[str]:
    """Lines of the file; turns carry a 'planted' marker kept by index."""
    labels = LABELS[loc]
    colon = "：" if loc == "zh" else ": "
    lines: list[str] = []
    if fmt == "chat":
        t = rng.randint(1, 4)
        for role, text in turns:
            if loc == "zh":
                lines.append(f"{stamp(t)} {labels[role]}{colon}{text}")
            else:
                lines.append(f"[{stamp(t)}] {labels[role]}{colon}{text}")
            # logs carry start times only, so start-to-start is all a checker sees: keep it
            # under the packs' 10 s dead-air limit
            t += min(9, speech_seconds(loc, text) + rng.randint(1, 3))
        return lines
    filler_slots = {k: rng.choice(v) for k, v in SLOTS[loc].items()}
    lines.append(rng.choice(T[loc]["title"]).format_map(filler_slots))
    lines.append("")
    sections = T[loc]["sections"]
    # section breaks: after the opening pair, after verification, before the wrap-up
    n = len(turns)
    breaks = {0: sections[0], 2: sections[1], 4: sections[2], n - 3: sections[3]}
    for i, (role, text) in enumerate(turns):
        if i in breaks:
            if i:
                lines.append("")
            lines += [breaks[i], ""]
        lines.append(f"{labels[role]}{colon}{text}")
    lines.append("")
    return lines


def make_file(i: int, seed: int, plantable: dict, flt: PhraseFilter) -> dict:
    rng = random.Random(f"phraselint-bench/{seed}/{i}")
    locs = list(LOCALE_WEIGHTS)
    loc = rng.choices(locs, weights=[LOCALE_WEIGHTS[x] for x in locs])[0]
    fmt = "chat" if rng.random() < CHAT_SHARE else "script"
    turns = conversation(loc, rng, flt)
    # planted violations replace agent lines in the body (never the greeting or closing)
    k = rng.choices(*PLANTS_PER_FILE)[0] if plantable[loc] else 0
    body_agent = [j for j, (role, _) in enumerate(turns[:-3]) if role == "agent" and j >= 4]
    chosen = sorted(rng.sample(body_agent, min(k, len(body_agent))))
    planted_at: dict[int, tuple[str, str]] = {}
    for j in chosen:
        rule = rng.choice(plantable[loc])
        text = rng.choice(rule.plantable)
        turns[j] = ("agent", text)
        planted_at[j] = (rule.full_id, text)
    lines = render(loc, fmt, turns, rng)
    # line numbers of planted turns: find by order (each turn is exactly one line)
    planted = []
    turn_line = [n for n, line in enumerate(lines, 1) if _is_turn(loc, line)]
    for j, (rid, text) in sorted(planted_at.items()):
        planted.append({"line": turn_line[j], "rule": rid, "text": text})
    ext = ".log" if fmt == "chat" else ".md"
    name = f"{loc}/{loc}-{i:06d}-{fmt}{ext}"
    return {"path": name, "locale": loc, "format": fmt, "lines": lines, "planted": planted}


def _is_turn(loc: str, line: str) -> bool:
    labels = LABELS[loc].values()
    colon = "：" if loc == "zh" else ":"
    body = line
    if line.startswith("["):  # [hh:mm:ss] Label:
        body = line.split("] ", 1)[-1]
    elif loc == "zh" and line[:2].isdigit() and " " in line[:9]:  # hh:mm:ss 标签：
        body = line.split(" ", 1)[-1]
    return any(body.startswith(label + colon) for label in labels)


def generate(out: Path, files: int, seed: int, locales_dir: Path = LOCALES_DIR) -> dict:
    t0 = time.perf_counter()
    rules = rules_for_benchmark(locales_dir)
    specs = load_locale_specs(locales_dir)
    particles = frozenset(str(p).casefold() for p in specs.get("tl", {}).get("particles", ()))
    # filler must not fire any forbidden phrase of any locale (en rules check every Latin run)
    flt = PhraseFilter([r for r in rules if not r.builtin] or rules, particles)
    plantable = {
        loc: [r for r in rules if r.locale == loc and r.for_agent and r.plantable]
        for loc in LOCALES
    }
    out.mkdir(parents=True, exist_ok=True)
    for loc in LOCALES:
        (out / loc).mkdir(exist_ok=True)
    entries = []
    totals = {"files": 0, "bytes": 0, "planted": 0, "by_locale": {}}
    for i in range(1, files + 1):
        f = make_file(i, seed, plantable, flt)
        data = ("\n".join(f.pop("lines")) + "\n").encode("utf-8")
        (out / f["path"]).write_bytes(data)
        f["bytes"] = len(data)
        entries.append(f)
        by = totals["by_locale"].setdefault(f["locale"], {"files": 0, "bytes": 0, "planted": 0})
        for d in (totals, by):
            d["files"] += 1
            d["bytes"] += len(data)
            d["planted"] += len(f["planted"])
    digest = hashlib.sha256(
        json.dumps(
            [[r.full_id, r.phrases, r.patterns, r.bad, r.roles] for r in rules], ensure_ascii=False
        ).encode()
    ).hexdigest()[:16]
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "files_requested": files,
        "packs_digest": digest,
        "generator_digest": generator_digest(),
        "plant_source": {
            loc: ("builtin" if any(r.builtin for r in plantable[loc]) else "packs")
            for loc in LOCALES
        },
        "plantable_rules": {loc: sorted(r.full_id for r in plantable[loc]) for loc in LOCALES},
        "totals": totals,
        "files": entries,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    note(
        f"generated {totals['files']} files, {totals['bytes'] / 1e6:.2f} MB, "
        f"{totals['planted']} planted violations in {out} "
        f"({time.perf_counter() - t0:.1f} s)"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "corpus")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--locales", type=Path, default=LOCALES_DIR, help="bundled packs directory")
    args = ap.parse_args(argv)
    if (args.out / "manifest.json").exists():
        for old in args.out.glob("*/*-*-*.*"):  # files of an earlier run with other settings
            old.unlink()
    generate(args.out, args.files, args.seed, args.locales)
    return 0


if __name__ == "__main__":
    sys.exit(main())
