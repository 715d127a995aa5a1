// Package retrieval is the sandbox's document retrieval engine: an in-memory
// inverted index with BM25 ranking, Amazon Q Business style document ACLs
// (users, groups, nested groups, ALLOW/DENY, AND/OR relations) and an
// extractive answerer that returns sentences from the best documents together
// with numbered citations.
//
// Access control is applied before ranking: a document the caller may not
// read contributes nothing to an answer, neither text, citation nor corpus
// statistics (document frequency, collection size, average length).
//
// Offsets in Segment are zero-based character offsets, counted in Unicode
// code points (runes) of Answer.Text; End is exclusive.
//
// All types are safe for concurrent use, and Answer is deterministic for equal
// index contents and equal input.
package retrieval
