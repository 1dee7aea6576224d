package pipeline_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/internal/estate"
	"github.com/makplan/makplan/planner/pipeline"
)

func write(t *testing.T, dir, name, data string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	far := planner.NewDate(2100, 1, 1).Time()
	if err := os.Chtimes(path, far, far); err != nil {
		t.Fatal(err)
	}
	return path
}

const header = "License ID,Parent Program,Organization,Product,Product Key,Type,MAK Activations-Used/Available\n"

// TestSamplesLoad: the samples read into 9 keys (6 MAKs) and 65 device
// rows, each export dated, no problem.
func TestSamplesLoad(t *testing.T) {
	opt := estate.Settings(t, filepath.Join(estate.Root(), "config.example.yaml"), nil)
	l := pipeline.Load(&opt.Settings, pipeline.Options{Today: estate.Today})
	if err := l.Problems.Err(); err != nil {
		t.Fatal(err)
	}
	if len(l.Keys) != 9 || l.MAKs() != 6 || l.ESUKeys() != 0 || len(l.Devices) != 65 || l.DeviceCount() != 65 || len(l.Staying) != 0 {
		t.Errorf("%d keys (%d MAK, %d ESU), %d rows, %d devices, %d staying", len(l.Keys), l.MAKs(), l.ESUKeys(), len(l.Devices), l.DeviceCount(), len(l.Staying))
	}
	for _, in := range l.Files {
		if in.Kind == "keys" && in.AsOf.IsZero() {
			t.Errorf("%s is not dated", in.Path)
		}
	}
}

// TestNothingToRead: no export and no plan are two problems, one run.
func TestNothingToRead(t *testing.T) {
	dir := t.TempDir()
	cfg := write(t, dir, "makplan.yaml", "customer: {name: N}\nagreements: [{number: \"A1\", program: EA}]\n")
	opt := estate.Settings(t, cfg, nil)
	_, _, err := pipeline.Plan(context.Background(), &opt.Settings, pipeline.Options{Today: estate.Today})
	if err == nil || !strings.Contains(err.Error(), "expected at least one key export") || !strings.Contains(err.Error(), "expected at least one reimaging plan") {
		t.Errorf("err %v", err)
	}
}

// TestKeyCovers: capacity.key_covers makes a key whose product name is in
// no catalogue serve the products it lists: 2 devices to Windows 11
// Enterprise on the bundle key, 10 remaining, reserve ceil(0.2) = 1:
// covered; without the setting, the name is warned and both are unmatched.
func TestKeyCovers(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "keys-2026-11-27.csv", header+"A1,A1,N,Contoso Windows Bundle,7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,MAK, 10/20\n")
	write(t, dir, "plan.csv", "Device,Licensed Product,License Channel,Enterprise Upgrade,Target Product,Wave,Wave Date\n"+
		"PC-1,Windows 11 Pro,OEM,Yes,Windows 11 Enterprise,W1,2027-01-18\nPC-2,Windows 11 Pro,OEM,Yes,Windows 11 Enterprise,W1,2027-01-18\n")
	base := "customer: {name: N}\nagreements: [{number: \"A1\", program: EA}]\ninputs: {keys: [keys-2026-11-27.csv], plan: [plan.csv]}\n"
	plain := write(t, dir, "plain.yaml", base)
	r, warnings := estate.Plan(t, estate.Settings(t, plain, nil), pipeline.HistoryOff)
	if len(r.Capacity.Unmatched) != 1 || r.Capacity.Unmatched[0].Devices != 2 || !strings.Contains(strings.Join(warnings, "\n"), `product "Contoso Windows Bundle" is not in makplan's catalogue`) {
		t.Errorf("without key_covers: unmatched %+v, warnings %v", r.Capacity.Unmatched, warnings)
	}
	covered := write(t, dir, "covered.yaml", base+"capacity: {key_covers: {Contoso Windows Bundle: [Windows 11 Enterprise]}}\n")
	r, _ = estate.Plan(t, estate.Settings(t, covered, nil), pipeline.HistoryOff)
	if len(r.Capacity.Unmatched) != 0 || len(r.Capacity.Pools) != 1 || r.Capacity.Pools[0].Demand != 2 || r.Capacity.Pools[0].Reserve != 1 || r.Capacity.Pools[0].Shortfall != 0 {
		t.Errorf("with key_covers: pools %+v, unmatched %+v", r.Capacity.Pools, r.Capacity.Unmatched)
	}
}

// TestESUYearsSetting: an ESU key whose name gives no year is a problem
// naming keys.esu_years; the setting gives it its years.
func TestESUYearsSetting(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "keys-2026-11-27.csv", header+"A1,A1,N,Windows 10 ESU,D9HGK-2WMXT-B6QYR-7CFJP-3GVF7,MAK, 0/10\n")
	write(t, dir, "plan.csv", "Device,Licensed Product,License Channel,Target Product\nPC-1,Windows 10 Pro,OEM,\n")
	base := "customer: {name: N}\nagreements: [{number: \"A1\", program: EA}]\ninputs: {keys: [keys-2026-11-27.csv], plan: [plan.csv]}\n"
	opt := estate.Settings(t, write(t, dir, "none.yaml", base), nil)
	if _, _, err := pipeline.Plan(context.Background(), &opt.Settings, pipeline.Options{Today: estate.Today}); err == nil || !strings.Contains(err.Error(), "keys.esu_years: {3GVF7: [2]}") {
		t.Errorf("no years: %v", err)
	}
	r, _ := estate.Plan(t, estate.Settings(t, write(t, dir, "years.yaml", base+"keys: {esu_years: {3GVF7: [2, 3]}}\n"), nil), pipeline.HistoryOff)
	// PC-1 stays on Windows 10 (no target): Years 2 and 3 on the one key.
	if len(r.Capacity.Pools) != 1 || r.Capacity.Pools[0].Demand != 2 || r.ESU.Years[1].ToActivate != 1 || r.ESU.Years[2].ToActivate != 1 {
		t.Errorf("pools %+v, esu %+v", r.Capacity.Pools, r.ESU.Years)
	}
}

// TestHistorySnapshots: a run records the day's snapshot; another export of
// that day with other counts stops the run (SnapshotConflict) until
// --replace-snapshot; judging before the history's newest day is a
// LookBack.
func TestHistorySnapshots(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "keys-2026-11-27.csv", header+"A1,A1,N,Windows 10/11 Enterprise,7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,MAK, 10/20\n")
	write(t, dir, "plan.csv", "Device,Licensed Product,License Channel,Enterprise Upgrade,Target Product\nPC-1,Windows 11 Pro,OEM,Yes,Windows 11 Enterprise\n")
	cfg := write(t, dir, "makplan.yaml", "customer: {name: N}\nagreements: [{number: \"A1\", program: EA}]\ninputs: {keys: [keys-2026-11-27.csv], plan: [plan.csv]}\n")
	env := map[string]string{"MAKPLAN_HISTORY_PATH": filepath.Join(dir, "history.db")}
	r, _ := estate.Plan(t, estate.Settings(t, cfg, env), pipeline.HistoryKeep)
	if r.History == nil {
		t.Fatal("no history view")
	}
	write(t, dir, "keys-2026-11-27.csv", header+"A1,A1,N,Windows 10/11 Enterprise,7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,MAK, 12/20\n")
	opt := estate.Settings(t, cfg, env)
	_, _, err := pipeline.Plan(context.Background(), &opt.Settings, pipeline.Options{Today: estate.Today, History: pipeline.HistoryKeep})
	var sc *pipeline.SnapshotConflict
	if !errors.As(err, &sc) {
		t.Fatalf("err %v, want a snapshot conflict", err)
	}
	if _, _, err := pipeline.Plan(context.Background(), &opt.Settings, pipeline.Options{Today: estate.Today, History: pipeline.HistoryKeep, ReplaceSnapshot: true}); err != nil {
		t.Errorf("--replace-snapshot: %v", err)
	}
	env["MAKPLAN_INPUTS_AS_OF"] = "2026-11-20"
	opt = estate.Settings(t, cfg, env)
	_, _, err = pipeline.Plan(context.Background(), &opt.Settings, pipeline.Options{Today: estate.Today, History: pipeline.HistoryKeep})
	var lb *pipeline.LookBack
	if !errors.As(err, &lb) {
		t.Errorf("err %v, want a look back", err)
	}
	// A cancelled run stops before the history is written.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	env["MAKPLAN_INPUTS_AS_OF"] = "2026-11-27"
	opt = estate.Settings(t, cfg, env)
	if _, _, err := pipeline.Plan(ctx, &opt.Settings, pipeline.Options{Today: estate.Today, History: pipeline.HistoryKeep}); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled run: %v", err)
	}
}
