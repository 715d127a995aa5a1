package qbusiness

import (
	"net/http"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

const (
	appPath   = "/applications/{applicationId}"
	indexPath = appPath + "/indices/{indexId}"
	convPath  = appPath + "/conversations"
)

func (s *Service) routes() {
	ops := []struct {
		pattern, op string
		fn          opFunc
	}{
		{"POST /applications", "CreateApplication", s.createApplication},
		{"GET /applications", "ListApplications", s.listApplications},
		{"GET " + appPath, "GetApplication", s.getApplication},
		{"PUT " + appPath, "UpdateApplication", s.updateApplication},
		{"DELETE " + appPath, "DeleteApplication", s.deleteApplication},
		{"POST " + appPath + "/indices", "CreateIndex", s.createIndex},
		{"GET " + appPath + "/indices", "ListIndices", s.listIndices},
		{"GET " + indexPath, "GetIndex", s.getIndex},
		{"PUT " + indexPath, "UpdateIndex", s.updateIndex},
		{"DELETE " + indexPath, "DeleteIndex", s.deleteIndex},
		{"POST " + appPath + "/retrievers", "CreateRetriever", s.createRetriever},
		{"GET " + appPath + "/retrievers", "ListRetrievers", s.listRetrievers},
		{"GET " + appPath + "/retrievers/{retrieverId}", "GetRetriever", s.getRetriever},
		{"DELETE " + appPath + "/retrievers/{retrieverId}", "DeleteRetriever", s.deleteRetriever},
		{"POST " + appPath + "/experiences", "CreateWebExperience", s.createWebExperience},
		{"GET " + appPath + "/experiences", "ListWebExperiences", s.listWebExperiences},
		{"GET " + appPath + "/experiences/{webExperienceId}", "GetWebExperience", s.getWebExperience},
		{"PUT " + appPath + "/experiences/{webExperienceId}", "UpdateWebExperience", s.updateWebExperience},
		{"DELETE " + appPath + "/experiences/{webExperienceId}", "DeleteWebExperience", s.deleteWebExperience},
		{"POST " + indexPath + "/datasources", "CreateDataSource", s.createDataSource},
		{"GET " + indexPath + "/datasources", "ListDataSources", s.listDataSources},
		{"GET " + indexPath + "/datasources/{dataSourceId}", "GetDataSource", s.getDataSource},
		{"DELETE " + indexPath + "/datasources/{dataSourceId}", "DeleteDataSource", s.deleteDataSource},
		{"POST " + indexPath + "/documents", "BatchPutDocument", s.batchPutDocument},
		{"POST " + indexPath + "/documents/delete", "BatchDeleteDocument", s.batchDeleteDocument},
		{"GET " + appPath + "/index/{indexId}/documents", "ListDocuments", s.listDocuments},
		{"PUT " + indexPath + "/groups", "PutGroup", s.putGroup},
		{"GET " + indexPath + "/groups", "ListGroups", s.listGroups},
		{"GET " + indexPath + "/groups/{groupName}", "GetGroup", s.getGroup},
		{"DELETE " + indexPath + "/groups/{groupName}", "DeleteGroup", s.deleteGroup},
		{"GET /v1/tags/{resourceARN}", "ListTagsForResource", s.listTagsForResource},
		{"POST " + appPath + "/relevant-content", "SearchRelevantContent", s.searchRelevantContent},
		{"GET " + convPath, "ListConversations", s.listConversations},
		{"GET " + convPath + "/{conversationId}", "ListMessages", s.listMessages},
		{"DELETE " + convPath + "/{conversationId}", "DeleteConversation", s.deleteConversation},
		{"POST " + convPath + "/{conversationId}/messages/{messageId}/feedback", "PutFeedback", s.putFeedback},
	}
	for _, o := range ops {
		s.mux.HandleFunc(o.pattern, s.jsonOp(o.op, o.fn))
	}
	chatSync := s.jsonOp("ChatSync", s.chatSync)
	s.mux.HandleFunc("POST "+convPath, func(w http.ResponseWriter, r *http.Request) {
		if _, ok := r.URL.Query()["sync"]; ok {
			chatSync(w, r)
			return
		}
		s.chat(w, r)
	})
	s.mux.HandleFunc("/", unknownOperation)
}

func unknownOperation(w http.ResponseWriter, r *http.Request) {
	ledger.SetOperation(r.Context(), "Unknown")
	e := wire.Errorf(404, "UnknownOperationException", "No Q Business operation matches %s %s", r.Method, r.URL.Path).With("reason", reasonUnknownOp)
	wire.WriteJSONError(w, r, wire.ContentTypeJSON, e)
}
