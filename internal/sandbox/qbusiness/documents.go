package qbusiness

import (
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type batchPutInput struct {
	Documents        []documentInput `json:"documents"`
	RoleArn          *string         `json:"roleArn"`
	DataSourceSyncID string          `json:"dataSourceSyncId"`
}

type failedDocument struct {
	ID           string      `json:"id"`
	Error        errorDetail `json:"error"`
	DataSourceID string      `json:"dataSourceId,omitempty"`
}

type errorDetail struct {
	ErrorMessage string `json:"errorMessage"`
	ErrorCode    string `json:"errorCode"`
}

func (in *batchPutInput) validate() *wire.Error {
	if len(in.Documents) < 1 || len(in.Documents) > 10 {
		return invalidField("documents", "Value at 'documents' failed to satisfy constraint: Member must have length between 1 and 10")
	}
	if e := checkOptionalID("dataSourceSyncId", in.DataSourceSyncID); e != nil {
		return e
	}
	if in.RoleArn != nil {
		if e := checkARN("roleArn", *in.RoleArn); e != nil {
			return e
		}
	}
	for i := range in.Documents {
		if e := in.Documents[i].validate(i); e != nil {
			return e
		}
	}
	return nil
}

func (s *Service) batchPutDocument(c *call) (any, *wire.Error) {
	var in batchPutInput
	if e := c.decodeValid(&in); e != nil {
		return nil, e
	}
	return s.inIndex(c, func(ix *index) (any, *wire.Error) {
		failed := []failedDocument{}
		for i := range in.Documents {
			if f := s.putDocument(ix, &in.Documents[i]); f != nil {
				failed = append(failed, *f)
			}
		}
		return map[string]any{"failedDocuments": failed}, nil
	})
}

// putDocument indexes one document or reports why it failed; the caller holds s.mu.
func (s *Service) putDocument(ix *index, d *documentInput) *failedDocument {
	fail := func(msg string) *failedDocument {
		return &failedDocument{ID: d.ID, Error: errorDetail{ErrorCode: "InvalidRequest", ErrorMessage: msg}}
	}
	text := ""
	if d.Content != nil && d.Content.S3 != nil {
		return fail("Document content from Amazon S3 is not available in this sandbox; send the content inline as a blob.")
	}
	if d.Content != nil {
		var reason string
		if text, reason = extractText(*d.Content.Blob, d.ContentType); reason != "" {
			return fail(reason)
		}
	}
	doc := retrieval.Document{ID: d.ID, Content: text, ContentType: orPlain(d.ContentType), ACL: d.AccessConfiguration.toACL(),
		Attributes: map[string]string{}, UpdatedAt: s.now()}
	if d.Title != nil {
		doc.Title = *d.Title
	}
	for _, a := range d.Attributes {
		doc.Attributes[a.Name] = a.Value.String()
	}
	doc.URL = doc.Attributes["_source_uri"]
	doc.DataSourceID = doc.Attributes["_data_source_id"]
	s.storeDocument(ix, doc)
	return nil
}

// storeDocument records and indexes doc; the caller holds s.mu.
func (s *Service) storeDocument(ix *index, doc retrieval.Document) {
	now := s.now()
	rec, ok := ix.Docs[doc.ID]
	if !ok {
		rec = &docRecord{CreatedAt: now}
		ix.Docs[doc.ID] = rec
	}
	rec.Doc, rec.Status, rec.UpdatedAt = doc, "INDEXED", now
	ix.engine.Put(doc)
}

type batchDeleteInput struct {
	Documents []struct {
		DocumentID string `json:"documentId"`
	} `json:"documents"`
	DataSourceSyncID string `json:"dataSourceSyncId"`
}

func (s *Service) batchDeleteDocument(c *call) (any, *wire.Error) {
	var in batchDeleteInput
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if in.Documents == nil {
		return nil, invalidField("documents", "Value at 'documents' failed to satisfy constraint: Member must not be null")
	}
	for i, d := range in.Documents {
		if e := checkPrintable("documents."+itoa(i+1)+".documentId", d.DocumentID, 1, 1825); e != nil {
			return nil, e
		}
	}
	if e := checkOptionalID("dataSourceSyncId", in.DataSourceSyncID); e != nil {
		return nil, e
	}
	return s.inIndex(c, func(ix *index) (any, *wire.Error) {
		for _, d := range in.Documents {
			delete(ix.Docs, d.DocumentID)
			ix.engine.Delete(d.DocumentID)
		}
		return map[string]any{"failedDocuments": []failedDocument{}}, nil
	})
}

func (s *Service) listDocuments(c *call) (any, *wire.Error) {
	size, token, e := pageParams(c.q, 100, 100)
	if e != nil {
		return nil, e
	}
	ds := c.q["dataSourceIds"]
	if len(ds) > 1 {
		return nil, invalidField("dataSourceIds", "Value at 'dataSourceIds' failed to satisfy constraint: Member must have length between 1 and 1")
	}
	return s.inIndex(c, func(ix *index) (any, *wire.Error) {
		scope := "documents:" + ix.ID + ":" + strings.Join(ds, ",")
		return listPage(s.pager, scope, token, size, ix.documentList(ds), "documentDetailList", func(r *docRecord) map[string]any {
			return map[string]any{"documentId": r.Doc.ID, "status": r.Status,
				"createdAt": wire.Epoch(r.CreatedAt), "updatedAt": wire.Epoch(r.UpdatedAt)}
		})
	})
}

// documentList returns the index's documents ordered by id, optionally of one data source.
func (ix *index) documentList(ds []string) []*docRecord {
	var out []*docRecord
	for _, r := range ix.Docs {
		if len(ds) == 0 || r.Doc.DataSourceID == ds[0] {
			out = append(out, r)
		}
	}
	sortRecords(out)
	return out
}
