package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestEmailSumsAddUp (issue 20): the request read as the makadd desk reads
// it — every sum it states re-added from the numbers it states: each
// pool's keys' remaining add up to the pool's remaining; activations to
// make + reserve − remaining = shortfall; the shortfall rounded up to the
// multiple stated is the request, and the request key's request; the
// waves add up to the activations to make; the requests add up to the
// total in the subject and the first line; the justification's waves add
// up to the activations of all pools.
func TestEmailSumsAddUp(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"samples":     {},
		"rounded":     {"MAKPLAN_CAPACITY_ROUND_TO": "10", "MAKPLAN_CAPACITY_RESERVE_MINIMUM": "3"},
		"full keys":   {"MAKPLAN_EMAIL_KEYS": "full"},
		"big reserve": {"MAKPLAN_CAPACITY_RESERVE_PERCENT": "50"},
	} {
		t.Run(name, func(t *testing.T) {
			for k, v := range env {
				t.Setenv(k, v)
			}
			dir, _, _, _ := runPlan(t)
			raw, err := os.ReadFile(filepath.Join(dir, "makadd-request-91000001ZZS0001.eml"))
			if err != nil {
				t.Fatal(err)
			}
			text, _ := dumpEmail(t, raw)
			checkSums(t, text)
		})
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return n
}

var (
	subjectTotal = regexp.MustCompile(`(?m)^Subject: .*, (\d+) activations,`)
	introTotal   = regexp.MustCompile(`we ask for (\d+) additional activations?`)
	askedRE      = regexp.MustCompile(`(?m)^  Additional activations requested: (\d+)`)
	keyLineRE    = regexp.MustCompile(`^    \S+: .*?([\d,]+) remaining on \d{4}-\d\d-\d\d(?:; request (\d+))?$`)
	remainingRE  = regexp.MustCompile(`^    Remaining on the keys?:\s+(\d+)$`)
	demandRE     = regexp.MustCompile(`^    Activations to make:\s+(\d+)`)
	reserveRE    = regexp.MustCompile(`^    Reserve:\s+(\d+) \(`)
	shortRE      = regexp.MustCompile(`^    Shortfall:\s+(\d+) \+ (\d+) − (\d+) = (\d+)$`)
	requestRE    = regexp.MustCompile(`^    Request:\s+(?:(\d+) rounded up to a multiple of (\d+) \([a-z_.]+: [^)]*\): )?(\d+)$`)
	poolWaveRE   = regexp.MustCompile(`^    Wave .*: (\d+) activations?$`)
	justWaveRE   = regexp.MustCompile(`(?m)^    - .*: (\d+) activations? with th`)
)

func checkSums(t *testing.T, text string) {
	t.Helper()
	body := text[strings.Index(text, "text/plain"):]
	body = body[:strings.Index(body, "text/html")]
	total := atoi(t, subjectTotal.FindStringSubmatch(text)[1])
	if m := introTotal.FindStringSubmatch(body); m == nil || atoi(t, m[1]) != total {
		t.Errorf("the first line's total %v is not the subject's %d", m, total)
	}
	if asked := sumAll(t, askedRE, body); asked != total {
		t.Errorf("the keys asked for add up to %d, the subject says %d", asked, total)
	}
	// The pools, line by line.
	start := strings.Index(body, "How each request is worked out")
	end := strings.Index(body, "Business justification")
	if start < 0 || end < start {
		t.Fatalf("no arithmetic section:\n%s", body)
	}
	type pool struct{ keysRemaining, keyRequest, remaining, demand, reserve, request, waves int }
	var pools []*pool
	var p *pool
	for _, line := range strings.Split(body[start:end], "\n") {
		line = strings.TrimRight(line, "\r")
		switch {
		case strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") && strings.TrimSpace(line) != "":
			p = &pool{}
			pools = append(pools, p)
		case p == nil:
		case keyLineRE.MatchString(line):
			m := keyLineRE.FindStringSubmatch(line)
			p.keysRemaining += atoi(t, m[1])
			if m[2] != "" {
				p.keyRequest += atoi(t, m[2])
			}
		case remainingRE.MatchString(line):
			p.remaining = atoi(t, remainingRE.FindStringSubmatch(line)[1])
		case demandRE.MatchString(line):
			p.demand = atoi(t, demandRE.FindStringSubmatch(line)[1])
		case reserveRE.MatchString(line):
			p.reserve = atoi(t, reserveRE.FindStringSubmatch(line)[1])
		case shortRE.MatchString(line):
			m := shortRE.FindStringSubmatch(line)
			a, b, c, d := atoi(t, m[1]), atoi(t, m[2]), atoi(t, m[3]), atoi(t, m[4])
			if a+b-c != d || a != p.demand || b != p.reserve || c != p.remaining {
				t.Errorf("%q: %d + %d − %d is %d; activations %d, reserve %d, remaining %d stated", line, a, b, c, a+b-c, p.demand, p.reserve, p.remaining)
			}
			p.request = -d // the shortfall, until the request line
		case requestRE.MatchString(line):
			m := requestRE.FindStringSubmatch(line)
			short, req := -p.request, atoi(t, m[3])
			if m[1] != "" {
				if atoi(t, m[1]) != short {
					t.Errorf("%q rounds %s, the shortfall is %d", line, m[1], short)
				}
				if mult := atoi(t, m[2]); req != (short+mult-1)/mult*mult || req == short {
					t.Errorf("%q: %d rounded up to a multiple of %d is %d", line, short, mult, (short+mult-1)/mult*mult)
				}
			} else if req != short {
				t.Errorf("%q: the request is not the shortfall %d, and no rounding is stated", line, short)
			}
			p.request = req
		case poolWaveRE.MatchString(line):
			p.waves += atoi(t, poolWaveRE.FindStringSubmatch(line)[1])
		}
	}
	if len(pools) == 0 {
		t.Fatal("no pool found")
	}
	requested, demand := 0, 0
	for i, p := range pools {
		if p.keysRemaining != p.remaining {
			t.Errorf("pool %d: the keys listed have %d remaining, the pool states %d", i+1, p.keysRemaining, p.remaining)
		}
		if p.keyRequest != p.request {
			t.Errorf("pool %d: the key asked for gets %d, the pool's request is %d", i+1, p.keyRequest, p.request)
		}
		if p.waves != p.demand {
			t.Errorf("pool %d: the waves add up to %d, the activations to make are %d", i+1, p.waves, p.demand)
		}
		requested += p.request
		demand += p.demand
	}
	if requested != total {
		t.Errorf("the pools' requests add up to %d, the subject says %d", requested, total)
	}
	if waves := sumAll(t, justWaveRE, body); waves != demand {
		t.Errorf("the justification's waves add up to %d, the pools' activations to %d", waves, demand)
	}
	if !strings.Contains(strings.Join(strings.Fields(body), " "), "eligible: "+strconv.Itoa(demand)+" activations still to make") {
		t.Errorf("the justification does not state the %d activations to make", demand)
	}
}

// sumAll adds up the first group of every match of re in text.
func sumAll(t *testing.T, re *regexp.Regexp, text string) int {
	t.Helper()
	sum := 0
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		sum += atoi(t, m[1])
	}
	return sum
}
