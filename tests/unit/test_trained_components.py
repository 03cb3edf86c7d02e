"""Our NLU components train on examples, persist, load and annotate messages."""

from pathlib import Path

import numpy as np
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bench.intent_cv import fit_temperature, softmax
from bot.nlu.language_component import LanguageDetectionComponent


def write_examples(directory: Path) -> Path:
    rows = {"nb": ["hvor er helsestasjonen", "jeg trenger hjelp med søknad", "kan jeg få tolk"],
            "pl": ["gdzie jest przychodnia", "potrzebuje pomocy z wnioskiem", "czy moge dostac tlumacza"],
            "so": ["xaggee ayuu ku yaal", "waxaan u baahanahay caawimo", "ma heli karaa turjubaan"]}
    for lang, lines in rows.items():
        (directory / lang).mkdir(parents=True)
        body = "\n".join(f"    - {line}" for line in lines)
        (directory / lang / "basics.yml").write_text(
            f'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n{body}\n', encoding="utf-8")
    return directory


def test_the_language_component_learns_our_languages_from_the_examples(tmp_path):
    examples = write_examples(tmp_path / "nlu")
    (tmp_path / "model").mkdir()
    storage, resource = LocalModelStorage(tmp_path / "model"), Resource("language")
    config = {"examples_dir": str(examples)}
    LanguageDetectionComponent.create(config, storage, resource, None).train(TrainingData())
    component = LanguageDetectionComponent.load(config, storage, resource, None)
    [polish] = component.process([Message(data={"text": "potrzebuje tlumacza do wniosku"})])
    assert polish.get("language_detection")["language"] == "pl"
    assert component.detector.identifier is not None


def test_the_temperature_makes_confident_margins_confident_and_flat_margins_flat():
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 3, size=300)
    # Margins that separate the true intent clearly: a low temperature sharpens them.
    sharp = np.where(np.eye(3)[truth] == 1, 0.5, -0.5) + rng.normal(0, 0.05, size=(300, 3))
    # Margins that are pure noise: calibration flattens them towards 1/3.
    noise = rng.normal(0, 1, size=(300, 3))
    assert softmax(sharp / fit_temperature(sharp, truth)).max(axis=1).mean() > 0.95
    assert softmax(noise / fit_temperature(noise, truth)).max(axis=1).mean() < 0.5
