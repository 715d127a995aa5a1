package corpus

import (
	"reflect"
	"strings"
	"testing"
)

func TestDemoShape(t *testing.T) {
	docs := Demo()
	if len(docs) < 30 {
		t.Fatalf("only %d demo documents", len(docs))
	}
	seen := map[string]bool{}
	for _, d := range docs {
		if seen[d.ID] {
			t.Fatalf("duplicate id %s", d.ID)
		}
		seen[d.ID] = true
		if d.Title == "" || d.Content == "" || d.URL == "" || d.UpdatedAt.IsZero() {
			t.Fatalf("incomplete document %+v", d)
		}
		switch category(d.ID) {
		case "acme":
			if d.ACL == nil || !strings.HasPrefix(d.URL, acmeWiki) {
				t.Fatalf("%s must be restricted and under %s", d.ID, acmeWiki)
			}
		case "anyorgapp":
			if d.ACL == nil || !strings.HasPrefix(d.URL, anyOrgWiki) {
				t.Fatalf("%s must be restricted and under %s", d.ID, anyOrgWiki)
			}
		case "public":
			if d.ACL != nil {
				t.Fatalf("%s must be public", d.ID)
			}
		default:
			t.Fatalf("unknown category for %s", d.ID)
		}
	}
	a, b := Demo(), Demo()
	a[0].ACL.AccessControls[0].Principals[0].Name = "changed"
	if reflect.DeepEqual(a[0], b[0]) {
		t.Fatal("Demo must return fresh values")
	}
}

func TestSyntheticDeterministic(t *testing.T) {
	a, b := Synthetic(50, 42), Synthetic(50, 42)
	if len(a) != 50 || !reflect.DeepEqual(a, b) {
		t.Fatal("Synthetic must be deterministic and sized")
	}
	if reflect.DeepEqual(a, Synthetic(50, 43)) {
		t.Fatal("different seeds should differ")
	}
	if len(Synthetic(-1, 1)) != 0 {
		t.Fatal("negative n must give no documents")
	}
	words := map[string]bool{}
	for i := range syntheticVocabulary {
		w := SyntheticWord(i)
		if words[w] {
			t.Fatalf("word %d repeats %q", i, w)
		}
		words[w] = true
	}
}
