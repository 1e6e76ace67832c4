from dataclasses import replace
from pathlib import Path

from litestar import Litestar
from litestar.testing import AsyncTestClient

from cadenza_api.app import create_app
from cadenza_api.settings import Settings, StorageSettings


async def test_health_reports_each_service(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "storage": "ok",
        "queue": "ok",
    }


async def test_health_is_503_when_storage_is_unusable(settings: Settings, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media directory should be")
    broken = replace(settings, storage=StorageSettings(url=(blocker / "media").as_uri()))
    async with AsyncTestClient(app=create_app(broken)) as client:
        response = await client.get("/api/v1/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["storage"]["status"] == "error"
    assert body["checks"]["storage"]["detail"]
    assert body["checks"]["database"]["status"] == "ok"
