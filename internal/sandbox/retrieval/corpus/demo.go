package corpus

import (
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
)

// DataSource is the data source id of every demo document.
const DataSource = "demo-wiki"

// page is the compact form of a demo document.
type page struct {
	id, title, path, content string
	acl                      func() *retrieval.ACL
	day                      int // days after demoEpoch
}

var demoEpoch = time.Date(2025, time.March, 3, 9, 0, 0, 0, time.UTC)

// Demo returns the demo documents: ACME project pages (Mary, core-team),
// AnyOrgApp project pages (Mateo, anyorg-team), public company policies (no
// ACL) and restricted ACME pages (a DENY entry and an AND relation). Each
// call returns fresh values.
func Demo() []retrieval.Document {
	var out []retrieval.Document
	for _, group := range [][]page{acmePages, anyOrgPages, publicPages} {
		for _, p := range group {
			out = append(out, p.document())
		}
	}
	return out
}

func (p page) document() retrieval.Document {
	d := retrieval.Document{
		ID:           p.id,
		Title:        p.title,
		URL:          p.path,
		Content:      p.content,
		ContentType:  "PLAIN_TEXT",
		DataSourceID: DataSource,
		Attributes:   map[string]string{"_source_uri": p.path, "_category": category(p.id)},
		UpdatedAt:    demoEpoch.AddDate(0, 0, p.day),
	}
	if p.acl != nil {
		d.ACL = p.acl()
	}
	return d
}

// category is the id's prefix: acme, anyorgapp or public.
func category(id string) string {
	for i := range len(id) {
		if id[i] == '-' {
			return id[:i]
		}
	}
	return id
}

// timeStep spreads synthetic documents over time, one minute apart.
func timeStep(i int) time.Duration { return time.Duration(i) * time.Minute }
