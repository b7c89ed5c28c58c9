import shutil

from tests.cli_helpers import run_edition


def test_batch_builds_in_parallel_reports_failures_and_skips_unchanged(tmp_path, seed_paths):
    indir, out = tmp_path / "in", tmp_path / "out"
    (indir / "issue-b").mkdir(parents=True)
    shutil.copy(seed_paths[0], indir / "issue-a.txt")
    shutil.copy(seed_paths[1], indir / "issue-b" / "page1.txt")
    (indir / "broken.txt").write_bytes(b"%PDF-1.4 not text")
    first = run_edition("batch", indir, "-o", out, "--jobs", "2")
    assert first.returncode == 1, first.stderr
    assert "2 built, 0 unchanged, 1 failed" in first.stdout and "PDF file" in first.stdout + first.stderr
    assert (out / "issue-a.epub").is_file() and (out / "issue-b.epub").is_file()
    second = run_edition("batch", indir, "-o", out, "--jobs", "1")
    assert "0 built, 2 unchanged, 1 failed" in second.stdout
    (indir / "issue-a.txt").write_text(seed_paths[0].read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")
    third = run_edition("batch", indir, "-o", out, "--jobs", "1")
    assert "1 built, 1 unchanged, 1 failed" in third.stdout


def test_batch_on_a_missing_folder_is_one_clear_line(tmp_path):
    p = run_edition("batch", tmp_path / "nothing", "-o", tmp_path / "out")
    assert p.returncode == 3 and "not a directory" in p.stderr and "Traceback" not in p.stderr


def test_batch_runs_on_a_dask_cluster(tmp_path, seed_paths):
    from distributed import LocalCluster

    from edition.batch import run_batch
    indir = tmp_path / "in"
    indir.mkdir()
    for seed in seed_paths:
        shutil.copy(seed, indir / seed.name)
    seen = []
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        outcomes = run_batch(indir, tmp_path / "out", ("epub",), None, None, None,
                             lambda o, done, total: seen.append((o.name, done, total)), cluster.scheduler_address)
    assert [o.ok for o in outcomes] == [True, True]
    assert len(seen) == 2 and seen[-1][1:] == (2, 2)
    assert len(list((tmp_path / "out").glob("*.epub"))) == 2
