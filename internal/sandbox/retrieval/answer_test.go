package retrieval_test

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/retrieval/corpus"
)

func TestDemoAnswersDependOnCaller(t *testing.T) {
	ix := demoIndex(corpus.Demo())
	tests := []struct {
		question string
		caller   retrieval.Caller
		urlPart  string
		fact     string
	}{
		{"What is the project budget?", mary, "/acme/budget", "$2.4 million"},
		{"What is the project budget?", mateo, "/anyorgapp/budget", "$850,000"},
		{"When is the launch date?", mary, "/acme/launch", "September 15, 2025"},
		{"When is the launch date?", mateo, "/anyorgapp/launch", "November 3, 2025"},
		{"Who is on the team?", mary, "/acme/team", "Mary Major"},
		{"Who is on the team?", mateo, "/anyorgapp/team", "Mateo Jackson"},
		{"Who is the main vendor?", mary, "/acme/vendors", "Globex"},
		{"Who is the main vendor?", mateo, "/anyorgapp/vendors", "Umbrella"},
		{"What are the milestones?", mary, "/acme/milestones", "M1"},
		{"How many holidays do we get?", nobod, "/policies/holidays", "eleven paid public holidays"},
		{"What are ACME contractors paid?", mary, "/acme/staffing", "$140 per hour"},
		{"What is the project budget?", retrieval.Caller{User: "MARY_MAJOR@EXAMPLE.COM"}, "/acme/budget", "$2.4 million"},
	}
	for _, tt := range tests {
		t.Run(tt.caller.User+"/"+tt.question, func(t *testing.T) {
			a := ix.Answer(tt.question, tt.caller, nil, retrieval.AnswerOptions{})
			if a.NoAnswer || !strings.Contains(a.Text, tt.fact) {
				t.Fatalf("answer %q lacks %q", a.Text, tt.fact)
			}
			if !strings.HasSuffix(a.Citations[0].URL, tt.urlPart) {
				t.Fatalf("first citation %s, want …%s", a.Citations[0].URL, tt.urlPart)
			}
		})
	}
}

func TestNoAnswer(t *testing.T) {
	ix := demoIndex(corpus.Demo())
	tests := []struct {
		name     string
		question string
		caller   retrieval.Caller
	}{
		{"empty", "", mary},
		{"stop words only", "what is it?", mary},
		{"unknown terms", "weather on Mars", mary},
		{"other project's doc only", "Umbrella Mobile Studio", mary},
		{"acl denies", "ACME contractors paid blended rate", demo1},
		{"AND relation unmet", "finance forecast overrun", mary},
		{"anonymous caller project page", "project budget", retrieval.Caller{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ix.Answer(tt.question, tt.caller, nil, retrieval.AnswerOptions{})
			want := retrieval.Answer{Text: retrieval.NoAnswerText, NoAnswer: true}
			if !reflect.DeepEqual(a, want) {
				t.Fatalf("got %+v, want no answer", a)
			}
		})
	}
}

func TestAndRelationMet(t *testing.T) {
	ix := demoIndex(corpus.Demo())
	gs := retrieval.NewGroupStore()
	gs.Put(corpus.Finance, []string{corpus.Mary}, nil)
	a := ix.Answer("finance forecast overrun", mary, gs, retrieval.AnswerOptions{})
	if a.NoAnswer || a.Citations[0].DocumentID != "acme-finance-forecast" {
		t.Fatalf("core-team AND finance member should read the forecast: %+v", a)
	}
}

// demoQuestions draws random questions from the words of the demo corpus.
func demoQuestions(n int, seed uint64) []string {
	var vocab []string
	for _, d := range corpus.Demo() {
		vocab = append(vocab, strings.Fields(d.Title+" "+d.Content)...)
	}
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]string, n)
	for i := range out {
		words := make([]string, 1+r.IntN(6))
		for j := range words {
			words[j] = vocab[r.IntN(len(vocab))]
		}
		out[i] = strings.Join(words, " ") + "?"
	}
	return out
}

func TestIsolationProperty(t *testing.T) {
	docs := corpus.Demo()
	ix := demoIndex(docs)
	callers := []retrieval.Caller{mary, mateo, demo1, nobod, {User: corpus.Mary}, {User: corpus.Mateo}}
	answered := 0
	for _, q := range demoQuestions(600, 7) {
		for _, c := range callers {
			a := ix.Answer(q, c, nil, retrieval.AnswerOptions{})
			if err := checkAnswer(ix, a, c, nil, docs); err != nil {
				t.Fatalf("%s asks %q: %v", c.User, q, err)
			}
			if !a.NoAnswer {
				answered++
			}
			for _, cite := range a.Citations {
				if c.User == corpus.Mary && strings.HasPrefix(cite.DocumentID, "anyorgapp") ||
					c.User == corpus.Mateo && strings.HasPrefix(cite.DocumentID, "acme") {
					t.Fatalf("%s got %s for %q", c.User, cite.DocumentID, q)
				}
			}
			if c.User == corpus.Mary && strings.Contains(a.Text, "AnyOrgApp") ||
				c.User == corpus.Mateo && strings.Contains(a.Text, "ACME") {
				t.Fatalf("%s got foreign text %q", c.User, a.Text)
			}
		}
	}
	if answered < 500 {
		t.Fatalf("only %d answers; the property was barely exercised", answered)
	}
}

// TestUnreadableDocumentsHaveNoInfluence: adding documents the caller may not
// read changes nothing in the caller's answers, ranking included.
func TestUnreadableDocumentsHaveNoInfluence(t *testing.T) {
	all := append(corpus.Demo(), corpus.Synthetic(300, 3)...)
	// Hidden copies of every demo page, with a different ACL, loaded with
	// the question words so that they would outrank anything if counted.
	for _, d := range corpus.Demo() {
		d.ID = "hidden-" + d.ID
		d.Content += " budget budget launch team risks vendor"
		d.ACL = &retrieval.ACL{AccessControls: []retrieval.AccessControl{{Principals: []retrieval.Principal{
			{Kind: retrieval.KindGroup, Name: "hidden", Access: retrieval.AccessAllow}}}}}
		all = append(all, d)
	}
	full := demoIndex(all)
	for _, c := range []retrieval.Caller{mary, mateo, demo1, nobod} {
		var mine []retrieval.Document
		for _, d := range all {
			if full.CanRead(d, c, nil) {
				mine = append(mine, d)
			}
		}
		own := demoIndex(mine)
		for _, q := range demoQuestions(200, 11) {
			got := full.Answer(q, c, nil, retrieval.AnswerOptions{})
			want := own.Answer(q, c, nil, retrieval.AnswerOptions{})
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s asks %q:\n got %+v\nwant %+v", c.User, q, got, want)
			}
		}
	}
}

func TestDeterministicAcrossInsertionOrder(t *testing.T) {
	docs := append(corpus.Demo(), corpus.Synthetic(200, 5)...)
	a := demoIndex(docs)
	shuffled := append([]retrieval.Document(nil), docs...)
	rand.New(rand.NewPCG(9, 9)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b := demoIndex(shuffled)
	for _, q := range demoQuestions(200, 13) {
		for _, c := range []retrieval.Caller{mary, mateo} {
			x := a.Answer(q, c, nil, retrieval.AnswerOptions{})
			if y := b.Answer(q, c, nil, retrieval.AnswerOptions{}); !reflect.DeepEqual(x, y) {
				t.Fatalf("%q differs by insertion order:\n%+v\n%+v", q, x, y)
			}
			if y := a.Answer(q, c, nil, retrieval.AnswerOptions{}); !reflect.DeepEqual(x, y) {
				t.Fatalf("%q differs between calls", q)
			}
		}
	}
}

func TestAnswerOptions(t *testing.T) {
	ix := demoIndex(corpus.Demo())
	if a := ix.Answer("Who is on the team?", mary, nil, retrieval.AnswerOptions{}); len(a.Citations) < 2 {
		t.Fatalf("want several citations by default, got %d", len(a.Citations))
	}
	a := ix.Answer("Who is on the team?", mary, nil, retrieval.AnswerOptions{MaxCitations: 1})
	if a.NoAnswer || len(a.Citations) != 1 {
		t.Fatalf("MaxCitations 1 gave %d citations", len(a.Citations))
	}
	calls := map[string]int{}
	onlyPublic := func(d retrieval.Document) bool {
		calls[d.ID]++
		return d.Attributes["_category"] == "public"
	}
	a = ix.Answer("team budget holidays", mary, nil, retrieval.AnswerOptions{AttributeFilter: onlyPublic})
	for _, cite := range a.Citations {
		if !strings.HasPrefix(cite.DocumentID, "public-") {
			t.Fatalf("filter ignored: %s", cite.DocumentID)
		}
	}
	for id, n := range calls {
		if n != 1 || strings.HasPrefix(id, "anyorgapp") {
			t.Fatalf("filter called %d times for %s", n, id)
		}
	}
}

func TestPutReplaceDeleteAndCopies(t *testing.T) {
	ix := retrieval.NewIndex()
	d := retrieval.Document{ID: "d1", Title: "Budget", Content: "The budget is one dollar.", Attributes: map[string]string{"k": "v"}}
	ix.Put(d)
	d.Attributes["k"] = "changed"
	got, ok := ix.Get("d1")
	if !ok || got.Attributes["k"] != "v" {
		t.Fatalf("index shares caller memory: %+v", got)
	}
	got.Attributes["k"] = "mutated"
	if again, _ := ix.Get("d1"); again.Attributes["k"] != "v" {
		t.Fatal("Get returns shared memory")
	}
	ix.Put(retrieval.Document{ID: "d1", Title: "Budget", Content: "The budget is two dollars."})
	if ix.Len() != 1 {
		t.Fatalf("Len = %d after replace", ix.Len())
	}
	if a := ix.Answer("budget", nobod, nil, retrieval.AnswerOptions{}); a.Text != "The budget is two dollars." {
		t.Fatalf("replace not visible: %q", a.Text)
	}
	if !ix.Delete("d1") || ix.Delete("d1") || ix.Len() != 0 {
		t.Fatal("Delete should remove once")
	}
	if a := ix.Answer("budget", nobod, nil, retrieval.AnswerOptions{}); !a.NoAnswer {
		t.Fatalf("deleted document answered: %q", a.Text)
	}
}

func TestChurnKeepsIndexConsistent(t *testing.T) {
	ix := retrieval.NewIndex()
	docs := corpus.Synthetic(400, 2)
	for round := range 6 {
		for i, d := range docs {
			if (i+round)%3 == 0 {
				ix.Delete(d.ID)
			} else {
				ix.Put(d)
			}
		}
	}
	live := map[string]retrieval.Document{}
	for i, d := range docs {
		if (i+5)%3 != 0 {
			live[d.ID] = d
		}
	}
	if ix.Len() != len(live) || len(ix.IDs()) != len(live) {
		t.Fatalf("Len %d, want %d", ix.Len(), len(live))
	}
	fresh := demoIndex(nil)
	for _, id := range ix.IDs() {
		fresh.Put(live[id])
	}
	c := retrieval.Caller{User: corpus.SyntheticUser(1), Groups: []string{corpus.SyntheticGroup(1)}}
	for i := range 50 {
		q := corpus.SyntheticWord(i*7) + " " + corpus.SyntheticWord(i*13)
		if x, y := ix.Answer(q, c, nil, retrieval.AnswerOptions{}), fresh.Answer(q, c, nil, retrieval.AnswerOptions{}); !reflect.DeepEqual(x, y) {
			t.Fatalf("churned index differs from fresh one for %q", q)
		}
	}
}

func TestGroupChangesTakeEffect(t *testing.T) {
	ix := demoIndex(corpus.Demo())
	gs := retrieval.NewGroupStore()
	caller := retrieval.Caller{User: corpus.Mateo}
	if a := ix.Answer("ACME budget", caller, gs, retrieval.AnswerOptions{}); !a.NoAnswer {
		t.Fatalf("Mateo read ACME: %q", a.Text)
	}
	gs.Put("acme-guests", []string{corpus.Mateo}, nil)
	gs.Put(corpus.CoreTeam, nil, []string{"acme-guests"})
	if a := ix.Answer("ACME budget", caller, gs, retrieval.AnswerOptions{}); a.NoAnswer {
		t.Fatal("nested membership in core-team should grant ACME")
	}
	gs.Delete(corpus.CoreTeam)
	if a := ix.Answer("ACME budget", caller, gs, retrieval.AnswerOptions{}); !a.NoAnswer {
		t.Fatal("membership removal not applied")
	}
}

func TestConcurrentUse(t *testing.T) {
	ix := demoIndex(corpus.Demo())
	extra := corpus.Synthetic(100, 4)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i, d := range extra {
				if (i+w)%2 == 0 {
					ix.Put(d)
				} else {
					ix.Delete(d.ID)
				}
			}
		})
		wg.Go(func() {
			for _, q := range demoQuestions(50, uint64(w)) {
				a := ix.Answer(q, mary, nil, retrieval.AnswerOptions{})
				for _, c := range a.Citations {
					if strings.HasPrefix(c.DocumentID, "anyorgapp") {
						t.Errorf("leak under concurrency: %s", c.DocumentID)
					}
				}
			}
		})
	}
	wg.Wait()
}
