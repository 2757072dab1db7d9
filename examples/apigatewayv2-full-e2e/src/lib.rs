//! A recording implementation of the whole generated API Gateway V2 server
//! (`apigatewayv2::server::Service`), for end-to-end tests: a sample of operations
//! store the input they received and answer with [`canned`] outputs, written as the real
//! service sends them; every other operation keeps the generated default, 501
//! `NotImplemented`.
//!
//! The tests (`tests/it`) drive it over HTTP on 127.0.0.1 with the generated client and
//! with boto3, and compare what it recorded with what was sent.
#![forbid(unsafe_code)]

pub mod canned;

use apigatewayv2::errors::{
    BadRequestException, CreateApiError, CreateDomainNameError, CreateRouteError, DeleteApiError,
    DeleteRouteError, DeleteVpcLinkError, ExportApiError, GetApiError, GetApisError, GetTagsError,
    NotFoundException, TagResourceError, UntagResourceError, UpdateStageError,
};
use apigatewayv2::server::Service;
use apigatewayv2::types::{
    CreateApiRequest, CreateApiResponse, CreateDomainNameRequest, CreateDomainNameResponse,
    CreateRouteRequest, CreateRouteResult, DeleteApiRequest, DeleteRouteRequest,
    DeleteVpcLinkRequest, DeleteVpcLinkResponse, ExportApiRequest, ExportApiResponse,
    GetApiRequest, GetApiResponse, GetApisRequest, GetApisResponse, GetTagsRequest,
    GetTagsResponse, TagResourceRequest, TagResourceResponse, UntagResourceRequest,
    UpdateStageRequest, UpdateStageResponse,
};
use std::sync::{Arc, Mutex, PoisonError};

/// The operations the recording service implements, with the input each received.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    /// `POST /v2/apis`, 201.
    CreateApi(CreateApiRequest),
    /// `GET /v2/apis/{apiId}`.
    GetApi(GetApiRequest),
    /// `GET /v2/apis?maxResults&nextToken`, paginated.
    GetApis(GetApisRequest),
    /// `DELETE /v2/apis/{apiId}`, 204.
    DeleteApi(DeleteApiRequest),
    /// `POST /v2/apis/{apiId}/routes`, 201.
    CreateRoute(CreateRouteRequest),
    /// `DELETE /v2/apis/{apiId}/routes/{routeId}`, 204.
    DeleteRoute(DeleteRouteRequest),
    /// `PATCH /v2/apis/{apiId}/stages/{stageName}`.
    UpdateStage(UpdateStageRequest),
    /// `POST /v2/domainnames`, 201.
    CreateDomainName(CreateDomainNameRequest),
    /// `POST /v2/tags/{resource-arn}`, 201.
    TagResource(TagResourceRequest),
    /// `DELETE /v2/tags/{resource-arn}?tagKeys=..`, 204.
    UntagResource(UntagResourceRequest),
    /// `GET /v2/tags/{resource-arn}`.
    GetTags(GetTagsRequest),
    /// `GET /v2/apis/{apiId}/exports/{specification}?outputType=..`: a blob payload.
    ExportApi(ExportApiRequest),
    /// `DELETE /v2/vpclinks/{vpcLinkId}`, 202.
    DeleteVpcLink(DeleteVpcLinkRequest),
}

/// Records every input it receives and answers with the canned outputs. Cloning gives
/// another handle on the same record, so a test can serve one clone and read the other.
#[derive(Debug, Clone, Default)]
pub struct RecordingService {
    log: Arc<Mutex<Vec<Recorded>>>,
}

impl RecordingService {
    /// A service that has recorded nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything recorded so far, in arrival order, leaving the record empty.
    pub fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn record(&self, input: Recorded) {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(input);
    }
}

impl Service for RecordingService {
    async fn create_api(
        &self,
        input: CreateApiRequest,
    ) -> Result<CreateApiResponse, CreateApiError> {
        self.record(Recorded::CreateApi(input));
        Ok(canned::create_api())
    }

    async fn get_api(&self, input: GetApiRequest) -> Result<GetApiResponse, GetApiError> {
        let missing = input.api_id == canned::MISSING_API_ID;
        let message = format!("Invalid API identifier specified {}", input.api_id);
        self.record(Recorded::GetApi(input));
        if missing {
            return Err(GetApiError::NotFoundException(NotFoundException {
                message: Some(message),
                resource_type: Some("Api".into()),
                ..Default::default()
            }));
        }
        Ok(canned::get_api())
    }

    async fn get_apis(&self, input: GetApisRequest) -> Result<GetApisResponse, GetApisError> {
        let page = match input.next_token.as_deref() {
            None => Ok(canned::get_apis_page_1()),
            Some(canned::SECOND_PAGE) => Ok(canned::get_apis_page_2()),
            Some(other) => Err(GetApisError::BadRequestException(BadRequestException {
                message: Some(format!("Invalid nextToken {other}")),
                ..Default::default()
            })),
        };
        self.record(Recorded::GetApis(input));
        page
    }

    async fn delete_api(&self, input: DeleteApiRequest) -> Result<(), DeleteApiError> {
        self.record(Recorded::DeleteApi(input));
        Ok(())
    }

    async fn create_route(
        &self,
        input: CreateRouteRequest,
    ) -> Result<CreateRouteResult, CreateRouteError> {
        self.record(Recorded::CreateRoute(input));
        Ok(canned::create_route())
    }

    async fn delete_route(&self, input: DeleteRouteRequest) -> Result<(), DeleteRouteError> {
        self.record(Recorded::DeleteRoute(input));
        Ok(())
    }

    async fn update_stage(
        &self,
        input: UpdateStageRequest,
    ) -> Result<UpdateStageResponse, UpdateStageError> {
        self.record(Recorded::UpdateStage(input));
        Ok(canned::update_stage())
    }

    async fn create_domain_name(
        &self,
        input: CreateDomainNameRequest,
    ) -> Result<CreateDomainNameResponse, CreateDomainNameError> {
        self.record(Recorded::CreateDomainName(input));
        Ok(canned::create_domain_name())
    }

    async fn tag_resource(
        &self,
        input: TagResourceRequest,
    ) -> Result<TagResourceResponse, TagResourceError> {
        self.record(Recorded::TagResource(input));
        Ok(canned::tag_resource())
    }

    async fn untag_resource(&self, input: UntagResourceRequest) -> Result<(), UntagResourceError> {
        self.record(Recorded::UntagResource(input));
        Ok(())
    }

    async fn get_tags(&self, input: GetTagsRequest) -> Result<GetTagsResponse, GetTagsError> {
        self.record(Recorded::GetTags(input));
        Ok(canned::get_tags())
    }

    async fn export_api(
        &self,
        input: ExportApiRequest,
    ) -> Result<ExportApiResponse, ExportApiError> {
        let body = canned::exported(&input.output_type);
        self.record(Recorded::ExportApi(input));
        Ok(ExportApiResponse { body: Some(body) })
    }

    async fn delete_vpc_link(
        &self,
        input: DeleteVpcLinkRequest,
    ) -> Result<DeleteVpcLinkResponse, DeleteVpcLinkError> {
        self.record(Recorded::DeleteVpcLink(input));
        Ok(canned::delete_vpc_link())
    }
}
