package capacity

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/rules"
)

var products = []string{"Windows 11 Enterprise", "Windows 10 Pro", "Office Professional Plus 2021"}
var keyProducts = []string{"Windows 10/11 Enterprise", "Windows 10/11 Pro", "Office LTSC Professional Plus 2021"}
var keyTexts = []string{"7XN4B-JKC2Q-TYG8M-W3RPD-VF68T", "D9HGK-2WMXT-B6QYR-7CFJP-3GVF7", "FXYTK-8HQ2B-GDPRT-W36JM-KC9VB", "W2KJF-9PXCD-TBHY4-GQ7MV-R3T8K"}

func key(i int, product string, remaining int, agreement string) planner.Key {
	k, err := planner.ParseProductKey(keyTexts[i])
	if err != nil {
		panic(err)
	}
	limit := remaining + 10
	used := 10
	var ags []string
	if agreement != "" {
		ags = []string{agreement}
	}
	return planner.Key{Key: k, Type: planner.KeyMAK, Products: []planner.KeyProduct{keyProduct(product)}, Agreements: ags,
		Remaining: remaining, Limit: &limit, Used: &used}
}

func keyProduct(name string) planner.KeyProduct {
	kp, err := planner.NewKeyProduct(name)
	if err != nil {
		panic(err)
	}
	return kp
}

func lookup(name string) *planner.Product {
	p, err := planner.LookupProduct(name, "")
	if err != nil {
		panic(err)
	}
	return p.VolumeForm()
}

func consumer(name, target, wave string, day int) *planner.Device {
	d := &planner.Device{Name: name, Attrs: &planner.Attrs{Media: planner.MediaVolume, Activation: planner.ActivationMAK, Agreement: "EA1",
		Wave: wave, Target: planner.ImageOf(lookup(target))}}
	if day > 0 {
		d.WaveDate = planner.NewDate(2027, 1, day)
	}
	return d
}

// verdicts makes a slice of verdicts a Plan argument.
type verdicts []rules.Verdict

func (v verdicts) Verdict(i int) rules.Verdict { return v[i] }

func eligible(n int) verdicts {
	v := make([]rules.Verdict, n)
	for i := range v {
		v[i].Eligible = true
	}
	return v
}

// randomCase builds a small random plan: up to 4 keys with random products,
// remaining counts and agreements; up to 8 consuming devices, some pinned.
func randomCase(rng *rand.Rand) ([]planner.Key, []*planner.Device) {
	nk := 1 + rng.Intn(4)
	keys := make([]planner.Key, nk)
	for i := range keys {
		ag := []string{"", "EA1", "OV2"}[rng.Intn(3)]
		keys[i] = key(i, keyProducts[rng.Intn(2)], rng.Intn(4), ag)
	}
	nd := rng.Intn(9)
	devs := make([]*planner.Device, nd)
	for i := range devs {
		d := consumer(fmt.Sprintf("PC-%d", i), products[rng.Intn(2)], fmt.Sprintf("W%d", rng.Intn(3)), 1+rng.Intn(3))
		d.Agreement = []string{"", "EA1", "OV2"}[rng.Intn(3)]
		if rng.Intn(4) == 0 {
			d.Key = planner.KeyRef{Partial: keys[rng.Intn(nk)].Key.Last5()}
		}
		devs[i] = d
	}
	return keys, devs
}

// bruteMax is the largest number of devices that can get a key, by trying
// every choice (none, or one key that can serve it) for every device.
func bruteMax(keys []planner.Key, devs []*planner.Device) int {
	left := make([]int, len(keys))
	for i := range keys {
		left[i] = keys[i].Remaining
	}
	var try func(i int) int
	try = func(i int) int {
		if i == len(devs) {
			return 0
		}
		best := try(i + 1)
		for k := range keys {
			if left[k] > 0 && keys[k].CanServe(devs[i]) {
				left[k]--
				best = max(best, 1+try(i+1))
				left[k]++
			}
		}
		return best
	}
	return try(0)
}

func TestAllocationIsMaximalAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for n := 0; n < 3000; n++ {
		keys, devs := randomCase(rng)
		r := Plan(keys, devs, eligible(len(devs)), Settings{ReservePercent: 10, RoundTo: 1})
		got := r.Demand - r.Unassigned
		if want := bruteMax(keys, devs); got != want {
			t.Fatalf("case %d: %d devices served, brute force serves %d", n, got, want)
		}
		checkProperties(t, r, keys, devs, 1)
	}
}

func TestPropertiesWithRounding(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for n := 0; n < 2000; n++ {
		keys, devs := randomCase(rng)
		s := Settings{ReservePercent: float64(rng.Intn(30)), ReserveMinimum: rng.Intn(3), RoundTo: 1 + rng.Intn(50)}
		r := Plan(keys, devs, eligible(len(devs)), s)
		checkProperties(t, r, keys, devs, s.RoundTo)
	}
}

func checkProperties(t *testing.T, r *Result, keys []planner.Key, devs []*planner.Device, roundTo int) {
	t.Helper()
	if r.Demand != len(devs) {
		t.Fatalf("demand %d, want %d consuming devices", r.Demand, len(devs))
	}
	perKey := make([]int, len(keys))
	for i, k := range r.Assigned {
		if k >= 0 {
			perKey[k]++
			if !keys[k].CanServe(devs[i]) {
				t.Fatalf("device %d given key %d that cannot serve it", i, k)
			}
		}
	}
	sum := 0
	for _, p := range r.Pools {
		sum += p.Demand
		if p.Request%roundTo != 0 || p.Request < p.Shortfall || p.Request >= p.Shortfall+roundTo {
			t.Fatalf("request %d for shortfall %d with round_to %d", p.Request, p.Shortfall, roundTo)
		}
		if (p.Shortfall == 0) != (p.Demand+p.Reserve <= p.Remaining) {
			t.Fatalf("shortfall %d with demand %d reserve %d remaining %d", p.Shortfall, p.Demand, p.Reserve, p.Remaining)
		}
	}
	for _, u := range r.Unmatched {
		sum += u.Devices
	}
	if sum != r.Demand {
		t.Fatalf("pools and unmatched hold %d devices, demand is %d", sum, r.Demand)
	}
	for k := range keys {
		if r.Keys[k].Allocated != perKey[k] || perKey[k] > keys[k].Remaining {
			t.Fatalf("key %d: allocated %d, assigned %d, remaining %d", k, r.Keys[k].Allocated, perKey[k], keys[k].Remaining)
		}
	}
}

// TestTwoKeyPoolShortInTheSecondWave is a hand-worked case: two Enterprise
// keys (8 + 2 remaining) form one pool; 6 devices in W1 and 7 in W2.
// demand 13, reserve ceil(1.3) = 2, shortfall 13 + 2 - 10 = 5, request 5 on the
// key with the larger limit; cumulative demand 6 (W1) <= 10, 13 (W2) > 10.
// A device pinned to the small key takes one of its two activations.
func TestTwoKeyPoolShortInTheSecondWave(t *testing.T) {
	keys := []planner.Key{key(0, "Windows 10/11 Enterprise", 8, "EA1"), key(1, "Windows 10/11 Enterprise", 2, "EA1")}
	*keys[0].Limit = 500
	*keys[1].Limit = 200
	var devs []*planner.Device
	for i := 0; i < 13; i++ {
		wave, day := "W1", 7
		if i >= 6 {
			wave, day = "W2", 18
		}
		devs = append(devs, consumer(fmt.Sprint("PC-", i), "Windows 11 Enterprise", wave, day))
	}
	devs[12].Key = planner.KeyRef{Partial: "3GVF7"}
	r := Plan(keys, devs, eligible(len(devs)), Settings{ReservePercent: 10, RoundTo: 1})
	if len(r.Pools) != 1 {
		t.Fatalf("%d pools, want 1", len(r.Pools))
	}
	p := r.Pools[0]
	got := fmt.Sprintf("%v %d %d %d %d %d %d %s", p.Keys, p.Remaining, p.Demand, p.Reserve, p.Shortfall, p.Request, p.RequestKey, p.FirstShortWave.Name)
	if want := "[0 1] 10 13 2 5 5 0 W2"; got != want {
		t.Errorf("pool = %s, want %s", got, want)
	}
	if r.Assigned[12] != 1 {
		t.Errorf("pinned device got key %d", r.Assigned[12])
	}
	// The W1 devices are all served; the three left without are in W2.
	for i := 0; i < 6; i++ {
		if r.Assigned[i] < 0 {
			t.Errorf("W1 device %d left without a key", i)
		}
	}
	if r.Unassigned != 3 {
		t.Errorf("unassigned = %d, want 3", r.Unassigned)
	}
}

func TestWhatDoesNotConsume(t *testing.T) {
	keys := []planner.Key{key(0, "Windows 10/11 Enterprise", 5, "")}
	kms := consumer("KMS", "Windows 11 Enterprise", "W1", 1)
	kms.Activation = planner.ActivationKMS
	local := consumer("LOCAL", "Windows 11 Enterprise", "W1", 1)
	local.LocalReactivation = true
	oem := consumer("OEM", "Windows 11 Enterprise", "W1", 1)
	oem.Media = planner.MediaOEM
	inel := consumer("INELIGIBLE", "Windows 11 Enterprise", "W1", 1)
	devs := []*planner.Device{kms, local, oem, inel}
	v := verdicts(eligible(4))
	v[3].Eligible = false
	r := Plan(keys, devs, v, Settings{RoundTo: 1})
	if r.Demand != 0 {
		t.Errorf("demand = %d, want 0", r.Demand)
	}
	r = Plan(keys, devs, v, Settings{RoundTo: 1, LocalReactivationConsumes: true})
	if r.Demand != 1 || !r.Consumes[1] {
		t.Errorf("with local_reactivation_consumes, demand = %d", r.Demand)
	}
}

func TestReserveAndPreferredKey(t *testing.T) {
	if got := ceilPercent(30, 10); got != 3 {
		t.Errorf("10%% of 30 = %d", got)
	}
	if got := ceilPercent(31, 10); got != 4 {
		t.Errorf("10%% of 31 rounds up to %d", got)
	}
	keys := []planner.Key{key(0, "Windows 10/11 Enterprise", 0, ""), key(1, "Windows 10/11 Enterprise", 0, "")}
	devs := []*planner.Device{consumer("A", "Windows 11 Enterprise", "W1", 1)}
	r := Plan(keys, devs, eligible(1), Settings{RoundTo: 25, PreferredKeys: []planner.KeyRef{{Partial: "3GVF7"}}})
	if p := r.Pools[0]; p.RequestKey != 1 || p.Request != 25 || p.Shortfall != 1 || r.Keys[1].Request != 25 || r.Keys[0].Request != 0 {
		t.Errorf("pool %+v", p)
	}
}

func TestUnmatchedGroupedByProduct(t *testing.T) {
	keys := []planner.Key{key(0, "Windows 10/11 Enterprise", 5, "")}
	devs := []*planner.Device{consumer("A", "Project Professional 2021", "W1", 1), consumer("B", "Project Professional 2021", "W2", 2), consumer("C", "Windows 7 Professional", "W1", 1)}
	r := Plan(keys, devs, eligible(3), Settings{RoundTo: 1})
	if got := fmt.Sprint(r.Unmatched); got != "[{Project Professional 2021 2} {Windows 7 Professional 1}]" {
		t.Errorf("unmatched = %s", got)
	}
	if len(r.Pools) != 1 || r.Pools[0].Demand != 0 || r.Keys[0].Allocated != 0 {
		t.Errorf("the idle key should still be a pool with its remaining count: %+v", r.Pools)
	}
}

// TestDoneDevices: finished work is not demand (docs/rules.md, "Which devices consume a MAK activation").
// A key snapshot of 2027-01-10; waves on the 5th (before it) and the 20th.
func TestDoneDevices(t *testing.T) {
	snapshot := planner.NewDate(2027, 1, 10)
	k := key(0, "Windows 10/11 Enterprise", 3, "")
	k.AsOf = snapshot
	mk := func(name string, day int, status planner.Status) *planner.Device {
		d := consumer(name, "Windows 11 Enterprise", fmt.Sprintf("W-%d", day), day)
		d.Status = status
		return d
	}
	devs := []*planner.Device{
		mk("A", 5, planner.StatusBlank),   // before the snapshot, no status: done by its date
		mk("B", 5, planner.StatusPlanned), // before the snapshot but planned again: demand
		mk("C", 20, planner.StatusDone),   // the plan says done
		mk("D", 20, planner.StatusBlank),  // after the snapshot: demand
		mk("E", 20, planner.StatusBlank),
	}
	r := Plan([]planner.Key{k}, devs, eligible(len(devs)), Settings{RoundTo: 1})
	// Demand B, D, E = 3 against 3 remaining; reserve 0 (0% of 3); done A and C = 2.
	if r.Demand != 3 || r.DoneTotal != 2 || r.Pools[0].Demand != 3 || r.Pools[0].Done != 2 || r.Shortfall != 0 {
		t.Errorf("demand %d done %d pool %+v", r.Demand, r.DoneTotal, r.Pools[0])
	}
	if got := fmt.Sprint(r.Done); got != "[true false true false false]" {
		t.Errorf("done = %s", got)
	}
	// Waves: W-5 has B as demand and A done; W-20 has D and E, and C done.
	if w := r.Pools[0].Waves; len(w) != 2 || w[0].Demand != 1 || w[0].Done != 1 || w[1].Demand != 2 || w[1].Done != 1 || w[1].Cumulative != 3 {
		t.Errorf("waves %+v", w)
	}
	if len(r.PastWaves) != 1 || r.PastWaves[0].Wave.Name != "W-5" || r.PastWaves[0].Devices != 1 || !r.PastWaves[0].Snapshot.Equal(snapshot) {
		t.Errorf("past waves %+v", r.PastWaves)
	}
	// capacity.past_waves: demand counts A too: 4 against 3, short by 1.
	r = Plan([]planner.Key{k}, devs, eligible(len(devs)), Settings{RoundTo: 1, PastWaves: PastWavesDemand})
	if r.Demand != 4 || r.DoneTotal != 1 || r.Shortfall != 1 || len(r.PastWaves) != 0 {
		t.Errorf("past_waves demand: demand %d done %d shortfall %d", r.Demand, r.DoneTotal, r.Shortfall)
	}
}

// TestSubscriptionsConsumeNothing: Microsoft 365 Apps activates by sign-in.
func TestSubscriptionsConsumeNothing(t *testing.T) {
	d := consumer("A", "Microsoft 365 Apps for enterprise", "W1", 1)
	r := Plan(nil, []*planner.Device{d}, eligible(1), Settings{RoundTo: 1})
	if r.Consumes[0] || r.Demand != 0 || len(r.Unmatched) != 0 {
		t.Errorf("a subscription consumed: %+v", r)
	}
}

// TestReserveOnlyShortfall: a pool that covers every wave but not its
// reserve is short by the reserve alone, and says so instead of naming no
// wave. 3 devices in W1, 3 remaining, reserve 10% min 2: shortfall
// 3 + 2 - 3 = 2, cumulative W1 3 <= 3.
func TestReserveOnlyShortfall(t *testing.T) {
	keys := []planner.Key{key(0, "Windows 10/11 Enterprise", 3, "EA1")}
	devs := []*planner.Device{consumer("A", "Windows 11 Enterprise", "W1", 1), consumer("B", "Windows 11 Enterprise", "W1", 1), consumer("C", "Windows 11 Enterprise", "W1", 1)}
	r := Plan(keys, devs, eligible(3), Settings{ReservePercent: 10, ReserveMinimum: 2, RoundTo: 1})
	p := r.Pools[0]
	if p.Shortfall != 2 || p.FirstShortWave != nil || !p.ReserveOnly() || p.ShortWaveText() != "none: the reserve alone" {
		t.Errorf("pool %+v, text %q", p, p.ShortWaveText())
	}
	// One more device: W1 needs 4 > 3, the wave is short.
	devs = append(devs, consumer("D", "Windows 11 Enterprise", "W1", 1))
	r = Plan(keys, devs, eligible(4), Settings{ReservePercent: 10, ReserveMinimum: 2, RoundTo: 1})
	if p := r.Pools[0]; p.ReserveOnly() || p.ShortWaveText() != "W1 (2027-01-01)" {
		t.Errorf("pool %+v, text %q", p, p.ShortWaveText())
	}
	// The pool's agreement, from its key's export, and the pool each row draws on.
	if p := r.Pools[0]; p.Agreement != "EA1" || p.AgreementInferred || r.PoolOf[3] != 0 {
		t.Errorf("agreement %q inferred %v, pool of D %d", p.Agreement, p.AgreementInferred, r.PoolOf[3])
	}
}

// TestPoolAgreementInferred: a key no export puts under an agreement takes
// the agreement of the devices it serves when they all share one; with two
// agreements among them it has none, and Served says which.
func TestPoolAgreementInferred(t *testing.T) {
	keys := []planner.Key{key(0, "Windows 10/11 Enterprise", 10, "")}
	devs := []*planner.Device{consumer("A", "Windows 11 Enterprise", "W1", 1), consumer("B", "Windows 11 Enterprise", "W1", 1)}
	r := Plan(keys, devs, eligible(2), Settings{RoundTo: 1})
	if p := r.Pools[0]; p.Agreement != "EA1" || !p.AgreementInferred || p.ExportAgreement() != "" {
		t.Errorf("pool %+v", p)
	}
	devs[1].WithAttrs(func(a *planner.Attrs) { a.Agreement = "EA2" })
	r = Plan(keys, devs, eligible(2), Settings{RoundTo: 1})
	if p := r.Pools[0]; p.Agreement != "" || p.AgreementInferred || p.Served["EA1"] != 1 || p.Served["EA2"] != 1 {
		t.Errorf("pool %+v", p)
	}
}

// TestSlippedWave (capacity.past_waves: evidence): a wave dated before the
// key export's snapshot is taken as done only as far as the growth of the
// used count since the last snapshot before the wave shows it.
//
// W1 (2026-11-16, between the history's snapshot of 2026-11-01 and the
// export's of 2026-11-27): 30 devices planned; the used count rose from 100
// to 105: 5 seen, 25 unseen stay demand. W2 (2027-01-18): 20 devices.
// Remaining 25. Demand 25 + 20 = 45; reserve max(ceil(45 x 10%), 2) = 5;
// shortfall 45 + 5 - 25 = 25.
func TestSlippedWave(t *testing.T) {
	k := key(0, "Windows 10/11 Enterprise", 25, "EA1")
	setCounts(&k, "2026-11-27", 130, 105)
	devs := slippedPlan()
	s := Settings{ReservePercent: 10, ReserveMinimum: 2, RoundTo: 1,
		Series: map[planner.ProductKey][]planner.Counts{k.Key: {counts("2026-11-01", 130, 100), k.Counts()}}}
	r := Plan([]planner.Key{k}, devs, eligible(len(devs)), s)
	p := r.Pools[0]
	if p.Demand != 45 || p.Done != 5 || p.Reserve != 5 || p.Shortfall != 25 {
		t.Errorf("demand %d done %d reserve %d shortfall %d; want 45, 5, 5, 25", p.Demand, p.Done, p.Reserve, p.Shortfall)
	}
	if len(r.Slipped) != 1 || r.Slipped[0].Planned != 30 || r.Slipped[0].Seen != 5 || r.Slipped[0].Unseen != 25 || r.Slipped[0].Wave.Name != "W1" ||
		r.Slipped[0].Since.String() != "2026-11-01" {
		t.Errorf("slipped %+v", r.Slipped)
	}
	// The first five devices of W1 are the ones taken as done.
	if !r.Done[0] || !r.Done[4] || r.Done[5] || !r.Consumes[5] {
		t.Errorf("done %v %v %v, consumes %v", r.Done[0], r.Done[4], r.Done[5], r.Consumes[5])
	}
	// Without an earlier snapshot: all 30 done, as capacity.past_waves: done.
	s.Series = map[planner.ProductKey][]planner.Counts{k.Key: {k.Counts()}}
	r = Plan([]planner.Key{k}, devs, eligible(len(devs)), s)
	if p := r.Pools[0]; p.Demand != 20 || p.Done != 30 || len(r.Slipped) != 0 {
		t.Errorf("without history: demand %d done %d slipped %v", p.Demand, p.Done, r.Slipped)
	}
	// The rise covers them all: nothing slipped.
	s.Series = map[planner.ProductKey][]planner.Counts{k.Key: {counts("2026-11-01", 130, 70), k.Counts()}}
	r = Plan([]planner.Key{k}, devs, eligible(len(devs)), s)
	if p := r.Pools[0]; p.Demand != 20 || p.Done != 30 || len(r.Slipped) != 0 {
		t.Errorf("all seen: demand %d done %d slipped %v", p.Demand, p.Done, r.Slipped)
	}
}

// TestSlippedStaysDemand (issue 23): devices unseen in one month stay
// demand in the months after while the counts do not move, and stop being
// demand once the used count rises by them. The same plan as
// TestSlippedWave (W1 30 devices on 2026-11-16, W2 20 on 2027-01-18), the
// key's limit 130, snapshots: 2026-11-01 used 100, 2026-11-27 105.
func TestSlippedStaysDemand(t *testing.T) {
	devs := slippedPlan()
	month := func(series ...planner.Counts) *Result {
		k := key(0, "Windows 10/11 Enterprise", 0, "EA1")
		last := series[len(series)-1]
		k.Limit, k.Used, k.Remaining, k.AsOf = last.Limit, last.Used, last.Remaining, last.AsOf
		s := Settings{ReservePercent: 10, ReserveMinimum: 2, RoundTo: 1, Series: map[planner.ProductKey][]planner.Counts{k.Key: series}}
		return Plan([]planner.Key{k}, devs, eligible(len(devs)), s)
	}
	nov1, nov27, dec27 := counts("2026-11-01", 130, 100), counts("2026-11-27", 130, 105), counts("2026-12-27", 130, 105)
	check := func(name string, r *Result, demand, done int, slipped string) {
		t.Helper()
		var got []string
		for _, sw := range r.Slipped {
			got = append(got, fmt.Sprintf("%s %d/%d/%d since %s", sw.Wave.Name, sw.Planned, sw.Seen, sw.Unseen, sw.Since))
		}
		if p := r.Pools[0]; p.Demand != demand || p.Done != done || strings.Join(got, "; ") != slipped {
			t.Errorf("%s: demand %d, done %d, slipped %q; want %d, %d, %q", name, p.Demand, p.Done, strings.Join(got, "; "), demand, done, slipped)
		}
	}
	// Month 1 (2026-11-27): growth 105 - 100 = 5 since W1's baseline
	// (2026-11-01): W1 5 seen, 25 unseen; W2 to come: demand 25 + 20 = 45.
	check("month 1", month(nov1, nov27), 45, 5, "W1 30/5/25 since 2026-11-01")
	// Month 2 (2026-12-27), the counts unmoved: W1 is now before the
	// previous snapshot too, but its baseline stays 2026-11-01: the same
	// 5 seen, 25 unseen, demand 45 (a one-interval check took all 30 as done).
	check("month 2", month(nov1, nov27, dec27), 45, 5, "W1 30/5/25 since 2026-11-01")
	// Month 3 (2027-01-31), still unmoved: W2 (2027-01-18) is past too,
	// its baseline 2026-12-27 and no growth since: W1 25 unseen, W2 20
	// unseen; demand 25 + 20 = 45, done 5.
	jan31 := counts("2027-01-31", 130, 105)
	check("month 3", month(nov1, nov27, dec27, jan31), 45, 5, "W1 30/5/25 since 2026-11-01; W2 20/0/20 since 2026-12-27")
	// Month 3 with the count up by 25 (used 130): growth 5 + 0 + 25 = 30
	// since W1's baseline covers W1 (oldest first); W2's 20 stay demand.
	jan31 = counts("2027-01-31", 130, 130)
	check("month 3, seen", month(nov1, nov27, dec27, jan31), 20, 30, "W2 20/0/20 since 2026-12-27")
	// Devices of W1 set to Done take their share of the growth first and
	// are never slipped: 10 Done, growth 5 since W1's baseline: the 10 Done
	// take it (and 5 more they do not get), the other 20 unseen.
	for i := 0; i < 10; i++ {
		devs[i].Status = planner.StatusDone
	}
	check("month 2, ten done", month(nov1, nov27, dec27), 40, 10, "W1 20/0/20 since 2026-11-01")
}

func counts(on string, limit, used int) planner.Counts {
	t, _ := time.Parse("2006-01-02", on)
	return planner.Counts{AsOf: planner.DateOf(t), Limit: &limit, Used: &used, Remaining: limit - used}
}

func setCounts(k *planner.Key, on string, limit, used int) {
	c := counts(on, limit, used)
	k.Limit, k.Used, k.Remaining, k.AsOf = c.Limit, c.Used, c.Remaining, c.AsOf
}

// slippedPlan: W1, 30 devices on 2026-11-16; W2, 20 on 2027-01-18.
func slippedPlan() []*planner.Device {
	var devs []*planner.Device
	for i := 0; i < 30; i++ {
		d := consumer(fmt.Sprintf("W1-%d", i), "Windows 11 Enterprise", "W1", 0)
		d.WaveDate = planner.NewDate(2026, 11, 16)
		devs = append(devs, d)
	}
	for i := 0; i < 20; i++ {
		devs = append(devs, consumer(fmt.Sprintf("W2-%d", i), "Windows 11 Enterprise", "W2", 18))
	}
	return devs
}

// TestRoundToByProduct (issue 20): capacity.round_to_by_product rounds a
// server key's request on its own. A desktop pool short by 2 with round_to
// 10: ceil(2 / 10) x 10 = 10. A Windows Server pool short by 2 (2 servers,
// reserve max(ceil(2 x 10%), 0) = 1, remaining 1: 2 + 1 - 1 = 2) with
// Windows Server: 1 asks for exactly 2, not 10.
func TestRoundToByProduct(t *testing.T) {
	keys := []planner.Key{key(0, "Windows 10/11 Enterprise", 0, ""), key(1, "Windows Server 2022 Standard", 1, "")}
	devs := []*planner.Device{consumer("A", "Windows 11 Enterprise", "W1", 1),
		consumer("S1", "Windows Server 2022 Standard", "W1", 1), consumer("S2", "Windows Server 2022 Standard", "W1", 1)}
	r := Plan(keys, devs, eligible(3), Settings{ReservePercent: 10, RoundTo: 10, RoundToByLine: map[string]int{"Windows Server": 1}})
	got := map[string][4]int{}
	for _, p := range r.Pools {
		got[p.Line] = [4]int{p.Demand, p.Shortfall, p.RoundTo, p.Request}
	}
	// Desktop: demand 1, reserve ceil(0.1) = 1, remaining 0: short 2, rounded to 10.
	if want := map[string][4]int{"Windows": {1, 2, 10, 10}, "Windows Server": {2, 2, 1, 2}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("pools (demand, shortfall, round_to, request) = %v, want %v", got, want)
	}
}
