"""Two Rasa replicas and one action server share one Redis: turns of one
conversation never overlap and every message gets its own answer.

This is what Rasa 3.6's own RedisLockStore does not guarantee across
processes (../shared/notes/rasa-twilio-redis-facts.md §1); the lock store
here is bot/stores/redis_lock.py, the default whenever REDIS_URL is set.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator, List

import pytest
import requests

from tests.helpers import free_port
from tests.servers import running_replicas

pytestmark = pytest.mark.e2e

ROUNDS = 100


@pytest.fixture(scope="module")
def replicas(redis_server, tmp_path_factory) -> Iterator[List[str]]:
    redis_url = redis_server.url.rsplit("/", 1)[0] + "/3"  # a database of its own
    workdir = tmp_path_factory.mktemp("replicas")
    with running_replicas(workdir, {"REDIS_URL": redis_url}, [free_port(), free_port()]) as urls:
        yield urls


def say(url: str, sender: str, text: str) -> list:
    answer = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
    answer.raise_for_status()
    return answer.json()


def test_simultaneous_messages_to_both_replicas_take_turns(replicas):
    first, second = replicas
    sender = f"replicas-{uuid.uuid4().hex}"
    with ThreadPoolExecutor(2) as pool:
        for round_number in range(ROUNDS):
            answers = list(pool.map(lambda args: say(*args), [
                (first, sender, f"hei {round_number}"), (second, sender, f"takk {round_number}"),
            ]))
            assert all(answers), f"round {round_number}: a message got no answer"

    events = requests.get(f"{first}/conversations/{sender}/tracker", timeout=60).json()["events"]
    turns = turns_of(events)
    # Nothing lost: a turn that overlapped another would have been overwritten.
    assert len(turns) == 2 * ROUNDS
    # Each turn ran alone: it answered, then listened, before the next began.
    assert all(turn["answered"] and turn["listened"] for turn in turns)
    # And in each round both messages were taken in, one after the other.
    texts = [turn["text"] for turn in turns]
    for round_number in range(ROUNDS):
        assert sorted(texts[2 * round_number: 2 * round_number + 2]) == [f"hei {round_number}",
                                                                          f"takk {round_number}"]


def turns_of(events: list) -> list:
    turns: list = []
    for event in events:
        if event["event"] == "user":
            turns.append({"text": event["text"], "answered": False, "listened": False})
        elif turns and event["event"] == "bot":
            turns[-1]["answered"] = True
        elif turns and event["event"] == "action" and event["name"] == "action_listen":
            turns[-1]["listened"] = turns[-1]["answered"]
    return turns
