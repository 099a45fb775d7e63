"""core.stoppable: network work the reader or Ctrl+C may abandon."""

from __future__ import annotations

import asyncio
import gc
import logging
import threading

import pytest

from tidings.core.stoppable import until_stopped


async def _forever() -> None:
    await asyncio.sleep(3600)


def test_a_set_stop_cancels_the_work():
    async def main() -> tuple[bool, bool]:
        stop = threading.Event()
        work = asyncio.ensure_future(_forever())
        asyncio.get_running_loop().call_later(0.01, stop.set)
        return await until_stopped(work, stop), work.cancelled()

    assert asyncio.run(main()) == (True, True)


def test_work_that_fails_leaves_its_exception_to_the_caller():
    async def fails() -> None:
        raise ValueError("boom")

    async def main() -> None:
        work = asyncio.ensure_future(fails())
        assert await until_stopped(work, threading.Event()) is False
        await work

    with pytest.raises(ValueError, match="boom"):
        asyncio.run(main())


def test_ctrl_c_mid_work_prints_no_unretrieved_exception(caplog):
    # tidings fetch, Ctrl+C while a site is slow: the loop ends with the gathered
    # fetches cancelled under until_stopped; asyncio printed "_GatheringFuture exception
    # was never retrieved" and a traceback.
    async def main() -> None:
        everything = asyncio.gather(_forever(), _forever())
        asyncio.ensure_future(until_stopped(everything, threading.Event()))
        await asyncio.sleep(0.01)
        raise KeyboardInterrupt

    with caplog.at_level(logging.ERROR, logger="asyncio"), pytest.raises(KeyboardInterrupt):
        asyncio.run(main())
    gc.collect()
    assert "never retrieved" not in caplog.text
