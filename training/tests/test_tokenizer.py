"""Python tokenizer == @huggingface/tokenizers (what the lab runs) on ≥ 2,000 strings."""
import json
import random
import shutil
import subprocess

import pytest

from training.data import load_world
from training.tokenizer import CLS, SEP, Tokenizer, build_vocab, gb2312_hanzi, save_hf, punctuation

ROOT = __import__("os").path.abspath(__import__("os").path.join(__import__("os").path.dirname(__file__), "..", ".."))

EDGE = ["", " ", "   \t\n ", "\u3000\u3000", "😀", "好😀", "😀好", "abc😀def", "👨‍👩‍👧 家庭", "１２３４５", "ＡＢＣｄｅｆ",
        "ｉＰｈｏｎｅ１５", "，。！？", "《三体》第1集", "【超清】深海传 第1季第二集", "café crème brûlée", "naïve Ångström",
        "Ελληνικά", "русский", "日本語のテキスト", "한국어", "a\x00b", "a\x07b\x1bc", "tab\tnew\nline\rret",
        "\u200bzero\u200dwidth\ufeff", "\ufffd替换", "[CLS]", "[MASK]好[SEP]", "[cls]", "[PAD", "iPhone15ProMax",
        "NBA2023总决赛", "C++ 入门", "x" * 150, "超长" * 60, "a b c d e f g h i j k l m n o p q r s t u v w x y z",
        "0123456789" * 5, "𠀀𠀁𠀂", "丽丽", "\u00a0nbsp\u00a0", "mixed中English文123", "…—·～", "┃┃", "½ ⅓ ①②",
        "Ｈｅｌｌｏ，Ｗｏｒｌｄ！", "ﬁ ligature", "İstanbul", "ΣΑΣ", "e\u0301", "##", "##ab", "a##b", "  lead", "trail  "]


def random_strings(rng, n, pool):
    alphabets = [
        list("的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会"),
        list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
        [chr(c) for c in range(0xFF01, 0xFF5F)],
        list(" \t\u3000\u00a0"), punctuation(),
        ["😀", "🎬", "🔥", "❤️", "👍🏻", "\u200d", "\u0301", "é", "ü", "ß", "ø", "ł", "İ", "ǅ", "\x01", "\x7f", "\u2028"],
        gb2312_hanzi()[::97], ["丽", "兀", "𠀀", "㐀", "ア", "ｶ", "한"],
    ]
    out = []
    for _ in range(n):
        k = rng.randint(1, 40)
        if rng.random() < 0.3:
            s = rng.choice(pool)
            s = s[: rng.randint(0, len(s))] + "".join(rng.choice(rng.choice(alphabets)) for _ in range(rng.randint(0, 6)))
        else:
            s = "".join(rng.choice(rng.choice(alphabets)) for _ in range(k))
        out.append(s)
    return out


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_parity_with_huggingface_tokenizers_js(fixture_world, tmp_path):
    world_dir, paths = fixture_world
    w = load_world(world_dir, paths["clicks"])
    corpus = w.doc_texts + [q["text"] for q in w.queries.values()]
    vocab = build_vocab(corpus + ["iPhone15 Pro Max", "NBA 2023 highlights", "python tutorial"], 60)
    save_hf(vocab, str(tmp_path))
    tok = Tokenizer.load(str(tmp_path))
    rng = random.Random(7)
    texts = EDGE + corpus + random_strings(rng, 1800, corpus)
    pairs = [(rng.choice(texts), rng.choice(texts)) for _ in range(400)]
    assert len(texts) >= 2000
    inp = {"texts": texts, "pairs": pairs, "max_len": 32, "pair_max_len": 48, "query_max_len": 16}
    (tmp_path / "in.json").write_text(json.dumps(inp, ensure_ascii=False), encoding="utf-8")
    subprocess.run(["node", f"{ROOT}/training/tok_check.mjs", str(tmp_path), str(tmp_path / "in.json"),
                    str(tmp_path / "out.json")], check=True, cwd=ROOT)
    js = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    bad = [(t, tok.pieces(t), j) for t, j in zip(texts, js["pieces"]) if tok.pieces(t) != j]
    assert not bad, f"{len(bad)} mismatches, first: {bad[:3]}"
    for t, j in zip(texts, js["template"]):
        assert [CLS] + tok.pieces(t) + [SEP] == j
    for t, j in zip(texts, js["single"]):
        assert tok.single(t, 32) == j and len(j) <= 32
    for (q, d), j in zip(pairs, js["pair"]):
        ids, types = tok.pair(q, d, 48, 16)
        assert (ids, types) == (j["ids"], j["types"]) and len(ids) <= 48
    nonempty = [(q, d) for q, d in pairs if d]
    for (q, d), j in zip(nonempty, js["template_pair"]):
        qa, db = tok.pieces(q), tok.pieces(d)
        assert j["ids"] == [CLS] + qa + [SEP] + db + [SEP]
        assert j["types"] == [0] * (len(qa) + 2) + [1] * (len(db) + 1)


def test_vocab_layout_and_behaviour(tmp_path):
    vocab = build_vocab(["iPhone15 发布会", "NBA 总决赛"], 20)
    assert vocab[:5] == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    assert len(gb2312_hanzi()) == 6763 and set(gb2312_hanzi()) <= set(vocab)
    for c in "abcdefghijklmnopqrstuvwxyz0123456789":
        assert c in vocab and "##" + c in vocab
    save_hf(vocab, str(tmp_path))
    tok = Tokenizer.load(str(tmp_path))
    assert tok.vocab == vocab
    assert 1 not in tok.pieces("ｉＰｈｏｎｅ１５ Pro，发布会")        # full-width → NFKC → known pieces
    assert tok.tokens(tok.pieces("深海传")) == ["深", "海", "传"]
    assert tok.single("很" * 100, 16) == [CLS] + tok.pieces("很" * 14) + [SEP]
    ids, types = tok.pair("查询" * 20, "文档" * 40, 48, 16)
    assert len(ids) == 48 and ids.count(SEP) == 2 and types[:16] == [0] * 16 and set(types[16:]) == {1}
    assert tok.pair("", "", 48, 16) == ([CLS, SEP, SEP], [0, 0, 1])
