"""The trained recogniser: how corpora become training data, `kg train`, the
shipped model, confidence and the quality floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from kg.evaluate import Counts
from kg.extract import build_pipeline, extract, load_pipeline
from kg.extract.pipeline import MODEL
from kg.records import Paper
from kg.training import ANNOTATIONS, annotated_examples, blank, to_docbin
from kg.training.corpora import Example, read_annotations, read_common, system_type
from kg.training.scoring import SCIER, score_mentions
from tests.test_build import kg_cli

ROOT = Path(__file__).resolve().parents[1]
DEV_GOLD = ROOT.parent / "shared" / "gold" / "dev.jsonl"

# Two records in the common format of ../shared/data (PTB tokens, token
# offsets, the corpus's own type names).
COMMON = [
    {
        "id": "doc-1",
        "tokens": "We train Full - Resolution Residual Networks on Cityscapes for "
        "semantic segmentation and report mean IoU .".split(),
        "entities": [
            {"start": 2, "end": 7, "type": "Method"},
            {"start": 8, "end": 9, "type": "Material"},
            {"start": 10, "end": 12, "type": "Task"},
            {"start": 14, "end": 16, "type": "Metric"},
        ],
        "relations": [],
        "meta": {},
    },
    {
        "id": "doc-2",
        "tokens": "A Transformer model with dense attention layers beats BERT on GLUE .".split(),
        "entities": [
            {"start": 1, "end": 2, "type": "Method"},
            {"start": 2, "end": 3, "type": "Method"},
            {"start": 4, "end": 7, "type": "Method"},
            {"start": 8, "end": 9, "type": "Method"},
            {"start": 10, "end": 11, "type": "Material"},
        ],
        "relations": [],
        "meta": {},
    },
]


def write_common(path: Path, records: list[dict[str, object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def spans(example: Example) -> list[tuple[str, str]]:
    return [(example.text[s:e], t) for s, e, t in example.spans]


def test_corpus_records_become_text_with_mapped_types(tmp_path: Path) -> None:
    one, two = read_common(write_common(tmp_path / "c.jsonl", COMMON))
    assert one.text.startswith("We train Full-Resolution Residual Networks on Cityscapes")
    assert spans(one) == [
        ("Full-Resolution Residual Networks", "Method"),
        ("Cityscapes", "Dataset"),
        ("semantic segmentation", "Task"),
        ("mean IoU", "Metric"),
    ]
    # "model" is an umbrella word ANNOTATION.md excludes; a family of networks
    # is an Architecture, a named model a Method.
    assert spans(two) == [
        ("Transformer", "Architecture"),
        ("dense attention layers", "Architecture"),
        ("BERT", "Method"),
        ("GLUE", "Dataset"),
    ]


def test_bad_corpus_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(COMMON[0]) + "\n{not json\n")
    with pytest.raises(ValueError, match=r"c\.jsonl:2: bad record"):
        list(read_common(path))


def test_annotations_are_found_again_in_the_text(tmp_path: Path) -> None:
    paper = {
        "id": "p",
        "title": "LoRA for BERT",
        "abstract": "Low-Rank Adaptation (LoRA) tunes BERT; BERT-large too.",
        "entities": [
            {"name": "Low-Rank Adaptation", "type": "Method", "aliases": ["LoRA"]},
            {"name": "BERT", "type": "Method", "aliases": []},
            {"name": "BERT-large", "type": "Method", "aliases": []},
        ],
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(paper) + "\n")
    [example] = read_annotations(path)
    assert spans(example) == [
        ("LoRA", "Method"),
        ("BERT", "Method"),
        ("Low-Rank Adaptation", "Method"),
        ("LoRA", "Method"),
        ("BERT", "Method"),
        ("BERT-large", "Method"),  # the longer name wins, not "BERT" inside it
    ]


def test_architecture_or_method_follows_annotation_md() -> None:
    assert [system_type(n) for n in ("FastViT", "Vision Transformer", "U-Net", "fusion block")] == [
        "Method",
        "Architecture",
        "Architecture",
        "Architecture",
    ]


def test_training_docs_are_tokenised_like_the_pipeline(tmp_path: Path) -> None:
    examples = list(read_common(write_common(tmp_path / "c.jsonl", COMMON)))
    docbin = to_docbin(blank(), examples)
    docs = list(docbin.get_docs(blank().vocab))
    pipeline_tokens = [t.text for t in load_pipeline().make_doc(examples[0].text)]
    assert [t.text for t in docs[0]] == pipeline_tokens
    assert [(e.text, e.label_) for e in docs[1].ents][-1] == ("GLUE", "Dataset")


def test_kg_train_makes_a_model_the_pipeline_loads(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # Enough documents that every fold of the split has some.
    records = [dict(r, id=f"{r['id']}-{i}") for i in range(20) for r in COMMON]
    write_common(data / "scirex" / "train_abstracts.jsonl", records)
    config = tmp_path / "tiny.cfg"
    config.write_text(
        (ROOT / "kg" / "training" / "tagger.cfg")
        .read_text()
        .replace("max_steps = 6000", "max_steps = 40")
        .replace("eval_frequency = 200", "eval_frequency = 20")
    )
    out = tmp_path / "model"
    done = kg_cli("train", data, "-o", out, "--work", tmp_path / "work", "--config", config)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == str(out)
    nlp = build_pipeline(model=out)
    assert nlp.pipe_names[:4] == ["sentences", "tok2vec", "tagger", "ner"]
    [x] = extract([Paper("p", "T", "We train BERT on GLUE.")], nlp=nlp)
    assert {e.name for e in x.entities} >= {"BERT", "GLUE"}


def test_training_starts_from_a_pretrained_tok2vec_when_given_one(tmp_path: Path) -> None:
    # spaCy ignores --paths.init_tok2vec when the config's [pretraining]
    # section is empty; tagger.cfg fills it so that the option works.
    from spacy.training.initialize import init_nlp
    from spacy.util import load_config

    docs = tmp_path / "docs.spacy"
    to_docbin(blank(), read_common(write_common(tmp_path / "c.jsonl", COMMON))).to_disk(docs)
    cfg = ROOT / "kg" / "training" / "tagger.cfg"
    paths = {"paths.train": str(docs), "paths.dev": str(docs)}

    def tok2vec(nlp: Language) -> bytes:
        return nlp.get_pipe("tok2vec").model.to_bytes()

    weights = tmp_path / "tok2vec.bin"
    weights.write_bytes(tok2vec(init_nlp(load_config(cfg, overrides=paths | {"system.seed": 1}))))
    fresh = init_nlp(load_config(cfg, overrides=paths))
    started = init_nlp(load_config(cfg, overrides=paths | {"paths.init_tok2vec": str(weights)}))
    assert tok2vec(fresh) != weights.read_bytes()
    assert tok2vec(started) == weights.read_bytes()


def test_kg_train_without_corpora_is_a_one_line_error(tmp_path: Path) -> None:
    done = kg_cli("train", tmp_path, "--work", tmp_path / "w")
    assert done.returncode == 2
    assert "no scirex/" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_the_shipped_model_is_the_default_and_small() -> None:
    assert load_pipeline().pipe_names[:4] == ["sentences", "tok2vec", "tagger", "ner"]
    size = sum(f.stat().st_size for f in MODEL.rglob("*") if f.is_file())
    assert size < 50 * 2**20


def test_the_model_finds_names_no_lexicon_lists() -> None:
    """The point of training: a made-up model and benchmark are still found."""
    text = (
        "We propose Zorblax, a sparse mixture model for long-document summarization. "
        "Zorblax outperforms Pegasus on the QuillSum benchmark, raising ROUGE-L by 2.1 points."
    )
    rules = extract([Paper("p", "T", text)], nlp=build_pipeline(trained=False))
    model = extract([Paper("p", "T", text)])
    found = {e.name for e in next(model).entities}
    assert "Zorblax" in found
    assert len(found) >= len({e.name for e in next(rules).entities})


def test_everything_extracted_has_a_confidence_and_the_filter_drops_the_unsure(
    tmp_path: Path,
) -> None:
    done = kg_cli(
        "extract", ROOT / "examples" / "abstracts.jsonl", "-o", tmp_path / "all.jsonl", "-q"
    )
    assert done.returncode == 0, done.stderr
    papers = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text().splitlines()]
    scores = [e["confidence"] for p in papers for e in p["entities"]]
    scores += [c for p in papers for c in p["relation_confidence"]]
    scores += [r["confidence"] for p in papers for r in p["results"]]
    assert scores and all(0.0 < c <= 1.0 for c in scores)
    assert len(set(scores)) > 3  # not one constant

    cut = sorted(scores)[len(scores) // 2]
    done = kg_cli(
        "extract",
        ROOT / "examples" / "abstracts.jsonl",
        "-o",
        tmp_path / "sure.jsonl",
        "-q",
        "--min-confidence",
        str(cut),
    )
    assert done.returncode == 0, done.stderr
    sure = [json.loads(line) for line in (tmp_path / "sure.jsonl").read_text().splitlines()]
    kept = [e for p in sure for e in p["entities"]]
    assert kept and all(e["confidence"] >= cut for e in kept)
    assert len(kept) < sum(len(p["entities"]) for p in papers)
    for paper in sure:
        names = {e["name"] for e in paper["entities"]}
        assert all({h, t} <= names for h, _, t in paper["relations"])
        assert all(r["metric"] in names for r in paper["results"])


def test_mention_scores_count_span_and_type() -> None:
    text = "BERT is fine-tuned on SQuAD for question answering."
    gold = Example("s", text, ((0, 4, "Method"), (22, 27, "Dataset"), (32, 50, "Task")))
    scores = score_mentions(load_pipeline(), [gold], SCIER)
    assert scores.typed == Counts(tp=3, fp=scores.typed.fp, fn=0)
    assert scores.by_type["Dataset"].tp == 1


@pytest.mark.skipif(not DEV_GOLD.exists(), reason="needs ../shared/gold/dev.jsonl")
def test_eval_fails_under_the_floor(tmp_path: Path) -> None:
    pred = tmp_path / "dev.jsonl"
    assert kg_cli("extract", DEV_GOLD, "-o", pred, "-q").returncode == 0
    floor = float((ROOT / ".ci" / "f1-floor").read_text())
    passed = kg_cli("eval", "--gold", DEV_GOLD, pred, "--fail-under", str(floor))
    assert passed.returncode == 0, passed.stderr
    failed = kg_cli("eval", "--gold", DEV_GOLD, pred, "--fail-under", "0.999")
    assert failed.returncode == 1 and "below the floor" in failed.stderr


def test_the_held_out_annotations_are_never_trained_on() -> None:
    trained = {e.id for e in annotated_examples()}
    held_out = {e.id for p in ANNOTATIONS.glob("heldout-*.jsonl") for e in read_annotations(p)}
    analysed = {e.id for p in ANNOTATIONS.glob("analysis-*.jsonl") for e in read_annotations(p)}
    assert held_out and not trained & held_out
    assert analysed <= trained
