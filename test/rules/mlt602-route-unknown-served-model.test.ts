import { mlt602RouteUnknownServedModel } from '../../rules/mlt602-route-unknown-served-model';
import { describeRule } from '../support/ruleTester';

describeRule(mlt602RouteUnknownServedModel, {
  flagged: [
    {
      name: 'SDK EndpointCoreConfigInput with a typo in a route',
      code: `
        from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig
        config = EndpointCoreConfigInput(
            served_entities=[
                ServedEntityInput(name="champion", entity_name="ml.churn.model", entity_version="3"),
                ServedEntityInput(name="challenger", entity_name="ml.churn.model", entity_version="4"),
            ],
            traffic_config=TrafficConfig(routes=[
                Route(served_model_name="champion", traffic_percentage=90),
                Route(served_model_name="challanger", traffic_percentage=10),
            ]),
        )
      `,
      findings: [{ line: 9, column: 33, message: 'route points at "challanger", which this config does not serve (served: "champion", "challenger")' }],
    },
    {
      name: 'update_config with entities bound to names earlier (notebook style)',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.serving import Route, ServedEntityInput, TrafficConfig
        w = WorkspaceClient()
        a = ServedEntityInput(name="churn-a", entity_name="m", entity_version="1")
        b = ServedEntityInput(name="churn-b", entity_name="m", entity_version="2")
        w.serving_endpoints.update_config(name="ep", served_entities=[a, b], traffic_config=TrafficConfig(routes=[Route(served_entity_name="churn-c", traffic_percentage=100)]))
      `,
      findings: [{ line: 6, column: 132, message: '"churn-c"' }],
    },
    {
      name: 'the registered model name instead of the served name',
      code: `
        from databricks.sdk.service import serving
        cfg = serving.EndpointCoreConfigInput(
            served_entities=[serving.ServedEntityInput(name="prod", entity_name="ml.churn.model", entity_version="3")],
            traffic_config=serving.TrafficConfig(routes=[serving.Route(served_model_name="ml.churn.model", traffic_percentage=100)]),
        )
      `,
      findings: [{ line: 4, column: 82, message: '"ml.churn.model"' }],
    },
    {
      name: 'REST dict: default names entity_name-entity_version',
      code: `
        config = {
            "served_entities": [
                {"entity_name": "churn", "entity_version": "3"},
                {"entity_name": "churn", "entity_version": "4"},
            ],
            "traffic_config": {"routes": [
                {"served_model_name": "churn-3", "traffic_percentage": 50},
                {"served_model_name": "churn-5", "traffic_percentage": 50},
            ]},
        }
      `,
      findings: [{ line: 8, column: 31, message: '"churn-5"' }],
    },
    {
      name: 'legacy served_models with model_name/model_version and a numeric version',
      code: `
        body = {"served_models": [{"model_name": "churn", "model_version": 2}], "traffic_config": {"routes": [{"served_model_name": "churn-1", "traffic_percentage": 100}]}}
      `,
      findings: [{ line: 1, column: 125, message: '"churn-1"' }],
    },
    {
      name: 'JSON inside a curl command',
      code: `
        cmd = """curl -X PUT $HOST/api/2.0/serving-endpoints/ep/config -d '{
          "served_entities": [{"name": "a", "entity_name": "m", "entity_version": "1"}, {"name": "b", "entity_name": "m", "entity_version": "2"}],
          "traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 80}, {"served_model_name": "B", "traffic_percentage": 20}]}
        }'"""
      `,
      findings: [{ line: 3, column: 109, message: '"B"' }],
    },
    {
      name: 'routes list bound to a name, two unknown routes',
      code: `
        from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig
        routes = [Route(served_model_name="x", traffic_percentage=50), Route(served_model_name="y", traffic_percentage=50)]
        EndpointCoreConfigInput(served_entities=[ServedEntityInput(name="blue", entity_name="m", entity_version="1")], traffic_config=TrafficConfig(routes=routes))
      `,
      findings: [
        { line: 2, column: 35, message: '"x"' },
        { line: 2, column: 88, message: '"y"' },
      ],
    },
  ],
  silent: [
    {
      name: 'the served entity a route names is appended to the config before it is sent',
      code: `
        import requests
        cfg = {
            "served_entities": [{"name": "a", "entity_name": "main.ml.churn", "entity_version": "1"}],
            "traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 50}, {"served_model_name": "b", "traffic_percentage": 50}]},
        }
        cfg["served_entities"].append({"name": "b", "entity_name": "main.ml.churn", "entity_version": "2"})
        requests.put(f"{host}/api/2.0/serving-endpoints/churn/config", json=cfg)
      `,
    },
    {
      name: 'every route names a served entity',
      code: `
        from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig
        EndpointCoreConfigInput(
            served_entities=[ServedEntityInput(name="a", entity_name="m", entity_version="1"), ServedEntityInput(name="b", entity_name="m", entity_version="2")],
            traffic_config=TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=50), Route(served_model_name="b", traffic_percentage=50)]),
        )
      `,
    },
    {
      name: 'a route to the default name entity_name-entity_version',
      code: `
        config = {"served_entities": [{"entity_name": "churn", "entity_version": "3"}], "traffic_config": {"routes": [{"served_model_name": "churn-3", "traffic_percentage": 100}]}}
      `,
    },
    {
      name: 'an unnamed Unity Catalog entity: its default name is not known here',
      code: `
        config = {"served_entities": [{"entity_name": "ml.churn.model", "entity_version": "3"}], "traffic_config": {"routes": [{"served_model_name": "model-3", "traffic_percentage": 100}]}}
      `,
    },
    {
      name: 'a Unity Catalog entity routed by an f-string default name (the version is known only at run time)',
      code: `
        config = {
            "served_entities": [{"entity_name": f"{catalog}.{schema}.{model_name}", "entity_version": version.version, "workload_size": "Small"}],
            "traffic_config": {"routes": [{"served_model_name": f"{model_name}-{version.version}", "traffic_percentage": 100}]},
        }
        client.create_endpoint(name=endpoint_name, config=config)
      `,
    },
    {
      name: 'an entity name computed at run time',
      code: `
        from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig
        EndpointCoreConfigInput(served_entities=[ServedEntityInput(name=f"churn-{version}", entity_name="m", entity_version=version)], traffic_config=TrafficConfig(routes=[Route(served_model_name="churn-3", traffic_percentage=100)]))
      `,
    },
    {
      name: 'served entities given by a splat or a comprehension',
      code: `
        from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig
        EndpointCoreConfigInput(served_entities=[ServedEntityInput(name="a", entity_name="m", entity_version="1"), *others], traffic_config=TrafficConfig(routes=[Route(served_model_name="b", traffic_percentage=100)]))
      `,
    },
    {
      name: 'update_config with routes but no served entities (they live on the endpoint)',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.serving import Route, TrafficConfig
        WorkspaceClient().serving_endpoints.update_config(name="ep", traffic_config=TrafficConfig(routes=[Route(served_model_name="anything", traffic_percentage=100)]))
      `,
    },
    {
      name: 'an external model without an explicit name',
      code: `
        config = {"served_entities": [{"external_model": {"name": "gpt-4o", "provider": "openai"}}], "traffic_config": {"routes": [{"served_model_name": "gpt-4o", "traffic_percentage": 100}]}}
      `,
    },
    {
      name: 'a route name that is not a literal',
      code: `
        from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig
        EndpointCoreConfigInput(served_entities=[ServedEntityInput(name="a", entity_name="m", entity_version="1")], traffic_config=TrafficConfig(routes=[Route(served_model_name=target, traffic_percentage=100)]))
      `,
    },
    {
      name: 'local classes with the SDK names',
      code: `
        class ServedEntityInput:
            def __init__(self, **kw): pass
        class Route:
            def __init__(self, **kw): pass
        class TrafficConfig:
            def __init__(self, routes): pass
        def EndpointCoreConfigInput(**kw): pass
        EndpointCoreConfigInput(served_entities=[ServedEntityInput(name="a")], traffic_config=TrafficConfig(routes=[Route(served_model_name="b")]))
      `,
    },
    {
      name: 'a config whose **kwargs may add served entities',
      code: `
        from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig
        EndpointCoreConfigInput(served_entities=[ServedEntityInput(name="a", entity_name="m", entity_version="1")], traffic_config=TrafficConfig(routes=[Route(served_model_name="b", traffic_percentage=100)]), **extra)
      `,
    },
    {
      name: 'a config in a docstring',
      code: `
        def deploy():
            """Example: {"served_entities": [{"name": "a"}], "traffic_config": {"routes": [{"served_model_name": "b", "traffic_percentage": 100}]}}"""
      `,
    },
    {
      name: 'a config in a comment',
      code: `
        # config = {"served_entities": [{"name": "a"}], "traffic_config": {"routes": [{"served_model_name": "b", "traffic_percentage": 100}]}}
        x = 1
      `,
    },
    {
      name: 'routes and served entities of two different configs',
      code: `
        first = {"served_entities": [{"name": "a", "entity_name": "m", "entity_version": "1"}]}
        second = {"traffic_config": {"routes": [{"served_model_name": "b", "traffic_percentage": 100}]}}
      `,
    },
    {
      name: 'code mid-edit',
      code: `
        config = {"served_entities": [{"name": "a"}], "traffic_config": {"routes": [{"served_model_name": "b", 
      `,
    },
  ],
  fixes: [
    {
      name: 'replaces a typo with the closest served name',
      code: `
        from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig
        config = EndpointCoreConfigInput(
            served_entities=[
                ServedEntityInput(name="champion", entity_name="ml.churn.model", entity_version="3"),
                ServedEntityInput(name="challenger", entity_name="ml.churn.model", entity_version="4"),
            ],
            traffic_config=TrafficConfig(routes=[
                Route(served_model_name="champion", traffic_percentage=90),
                Route(served_model_name='challanger', traffic_percentage=10),
            ]),
        )
      `,
      output: `
        from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig
        config = EndpointCoreConfigInput(
            served_entities=[
                ServedEntityInput(name="champion", entity_name="ml.churn.model", entity_version="3"),
                ServedEntityInput(name="challenger", entity_name="ml.churn.model", entity_version="4"),
            ],
            traffic_config=TrafficConfig(routes=[
                Route(served_model_name="champion", traffic_percentage=90),
                Route(served_model_name='challenger', traffic_percentage=10),
            ]),
        )
      `,
    },
    {
      name: 'edits the name inside a JSON string',
      code: `
        body = '{"served_entities": [{"name": "blue", "entity_name": "m", "entity_version": "1"}, {"name": "green", "entity_name": "m", "entity_version": "2"}], "traffic_config": {"routes": [{"served_model_name": "blue", "traffic_percentage": 90}, {"served_model_name": "gren", "traffic_percentage": 10}]}}'
      `,
      output: `
        body = '{"served_entities": [{"name": "blue", "entity_name": "m", "entity_version": "1"}, {"name": "green", "entity_name": "m", "entity_version": "2"}], "traffic_config": {"routes": [{"served_model_name": "blue", "traffic_percentage": 90}, {"served_model_name": "green", "traffic_percentage": 10}]}}'
      `,
    },
    {
      name: 'a tie between two served names: each is an unsafe choice',
      code: `
        config = {"served_entities": [{"name": "m-1"}, {"name": "m-2"}], "traffic_config": {"routes": [{"served_model_name": "m-3", "traffic_percentage": 100}]}}
      `,
      fixTitle: '"m-2"',
      safety: 'unsafe',
      output: `
        config = {"served_entities": [{"name": "m-1"}, {"name": "m-2"}], "traffic_config": {"routes": [{"served_model_name": "m-2", "traffic_percentage": 100}]}}
      `,
    },
  ],
});
