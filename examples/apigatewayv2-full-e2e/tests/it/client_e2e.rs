//! The generated client against the generated server over real HTTP on 127.0.0.1, serving
//! the recording service: for each sampled operation, the server received exactly what
//! the client sent (labels, query lists, bodies with nested structures, maps and
//! timestamps) and the client got the canned output back, with the operation's success
//! status (200, 201, 202, 204). An operation the service does not implement is a 501
//! naming it.

use crate::sample;
use crate::support::{client, start};
use apigatewayv2::errors::{GetApiError, GetVpcLinksError};
use apigatewayv2::runtime::client::SdkError;
use apigatewayv2::types::{DeleteVpcLinkResponse, GetVpcLinksRequest, TagResourceResponse};
use apigatewayv2_full_e2e::{canned, Recorded};

#[tokio::test]
async fn create_api_sends_nested_cors_tags_and_lists_and_gets_201_output() {
    let (server, service) = start().await;
    let output = client(server.local_addr())
        .create_api(sample::create_api())
        .await
        .unwrap();
    assert_eq!(output, canned::create_api());
    assert_eq!(service.take(), [Recorded::CreateApi(sample::create_api())]);
    server.shutdown().await;
}

#[tokio::test]
async fn get_api_takes_its_label_and_gets_the_api_or_a_not_found() {
    let (server, service) = start().await;
    let client = client(server.local_addr());
    assert_eq!(
        client.get_api(sample::get_api()).await.unwrap(),
        canned::get_api()
    );
    match client.get_api(sample::get_api_missing()).await {
        Err(SdkError::Service(GetApiError::NotFoundException(e))) => {
            assert_eq!(e.resource_type.as_deref(), Some("Api"));
            assert_eq!(
                e.message.as_deref(),
                Some("Invalid API identifier specified missing")
            );
            assert!(e.request_id.is_some_and(|id| !id.is_empty()));
        }
        other => panic!("expected NotFoundException, got {other:?}"),
    }
    assert_eq!(
        service.take(),
        [
            Recorded::GetApi(sample::get_api()),
            Recorded::GetApi(sample::get_api_missing()),
        ]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn get_apis_pages_follow_next_token_through_the_query() {
    let (server, service) = start().await;
    let mut pages = client(server.local_addr()).get_apis_pages(sample::get_apis());
    let mut received = Vec::new();
    while let Some(page) = pages.next().await {
        received.push(page.unwrap());
    }
    assert_eq!(
        received,
        [canned::get_apis_page_1(), canned::get_apis_page_2()]
    );
    let mut second = sample::get_apis();
    second.next_token = Some(canned::SECOND_PAGE.into());
    assert_eq!(
        service.take(),
        [
            Recorded::GetApis(sample::get_apis()),
            Recorded::GetApis(second)
        ]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn delete_api_and_delete_route_are_204s_with_their_labels() {
    let (server, service) = start().await;
    let client = client(server.local_addr());
    client.delete_api(sample::delete_api()).await.unwrap();
    client.delete_route(sample::delete_route()).await.unwrap();
    assert_eq!(
        service.take(),
        [
            Recorded::DeleteApi(sample::delete_api()),
            Recorded::DeleteRoute(sample::delete_route()),
        ]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn create_route_sends_a_map_of_structures_and_a_list() {
    let (server, service) = start().await;
    let output = client(server.local_addr())
        .create_route(sample::create_route())
        .await
        .unwrap();
    assert_eq!(output, canned::create_route());
    assert_eq!(
        service.take(),
        [Recorded::CreateRoute(sample::create_route())]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn update_stage_patches_the_dollar_default_stage() {
    let (server, service) = start().await;
    let output = client(server.local_addr())
        .update_stage(sample::update_stage())
        .await
        .unwrap();
    assert_eq!(output, canned::update_stage());
    assert_eq!(
        service.take(),
        [Recorded::UpdateStage(sample::update_stage())]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn create_domain_name_sends_a_timestamp_in_a_list_of_structures() {
    let (server, service) = start().await;
    let output = client(server.local_addr())
        .create_domain_name(sample::create_domain_name())
        .await
        .unwrap();
    assert_eq!(output, canned::create_domain_name());
    assert_eq!(
        service.take(),
        [Recorded::CreateDomainName(sample::create_domain_name())]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn tag_operations_carry_an_arn_label_and_a_required_query_list() {
    let (server, service) = start().await;
    let client = client(server.local_addr());
    assert_eq!(
        client.tag_resource(sample::tag_resource()).await.unwrap(),
        TagResourceResponse {}
    );
    client
        .untag_resource(sample::untag_resource())
        .await
        .unwrap();
    assert_eq!(
        client.get_tags(sample::get_tags()).await.unwrap(),
        canned::get_tags()
    );
    assert_eq!(
        service.take(),
        [
            Recorded::TagResource(sample::tag_resource()),
            Recorded::UntagResource(sample::untag_resource()),
            Recorded::GetTags(sample::get_tags()),
        ]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn delete_vpc_link_is_a_202_with_an_empty_output() {
    let (server, service) = start().await;
    let output = client(server.local_addr())
        .delete_vpc_link(sample::delete_vpc_link())
        .await
        .unwrap();
    assert_eq!(output, DeleteVpcLinkResponse {});
    assert_eq!(
        service.take(),
        [Recorded::DeleteVpcLink(sample::delete_vpc_link())]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn export_api_sends_its_labels_and_query_parameters() {
    let (server, service) = start().await;
    client(server.local_addr())
        .export_api(sample::export_api())
        .await
        .unwrap();
    assert_eq!(service.take(), [Recorded::ExportApi(sample::export_api())]);
    server.shutdown().await;
}

#[tokio::test]
async fn export_api_document_reaches_the_client_as_the_whole_body() {
    let (server, _service) = start().await;
    // On the wire first: the document is the whole body, as the service sends it.
    let raw = crate::support::exchange(
        server.local_addr(),
        b"GET /v2/apis/a1b2c3d4e5/exports/OAS30?outputType=YAML HTTP/1.1\r\n\
          host: localhost\r\nconnection: close\r\n\r\n",
    )
    .await;
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200 "), "{raw}");
    assert_eq!(body, canned::EXPORTED_YAML, "{raw}");
    let output = client(server.local_addr())
        .export_api(sample::export_api())
        .await
        .unwrap();
    let body = output.body.expect("an exported document");
    assert_eq!(
        String::from_utf8_lossy(body.as_bytes()),
        canned::EXPORTED_YAML
    );
    server.shutdown().await;
}

#[tokio::test]
async fn an_operation_the_service_does_not_implement_is_a_501_naming_it() {
    let (server, service) = start().await;
    let error = client(server.local_addr())
        .get_vpc_links(GetVpcLinksRequest::default())
        .await
        .unwrap_err();
    let SdkError::Service(GetVpcLinksError::Unmodelled(e)) = error else {
        panic!("expected an unmodelled error, got {error:?}");
    };
    assert_eq!(e.status, 501);
    assert_eq!(e.code.as_deref(), Some("NotImplemented"));
    assert_eq!(
        e.message.as_deref(),
        Some("operation GetVpcLinks is not implemented by this server")
    );
    let body: serde_json::Value = serde_json::from_slice(&e.body).unwrap();
    assert_eq!(body["message"], e.message.as_deref().unwrap());
    assert!(e.request_id.is_some_and(|id| !id.is_empty()));
    assert_eq!(service.take(), []);

    // The same on the wire, as any client sees it.
    let raw = crate::support::exchange(
        server.local_addr(),
        b"GET /v2/vpclinks HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n",
    )
    .await;
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 501 "), "{raw}");
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains("\r\nx-amzn-errortype: notimplemented"),
        "{raw}"
    );
    assert!(head.contains("\r\ncontent-type: application/json"), "{raw}");
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body["message"],
        "operation GetVpcLinks is not implemented by this server"
    );
    server.shutdown().await;
}
