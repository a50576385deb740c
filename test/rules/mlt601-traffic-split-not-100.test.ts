import { mlt601TrafficSplitNot100 } from '../../rules/mlt601-traffic-split-not-100';
import * as assert from 'node:assert/strict';
import { dedent } from '../support/linter';
import { describeRule, findingsOf } from '../support/ruleTester';

describeRule(mlt601TrafficSplitNot100, {
  flagged: [
    {
      name: 'another key of the body set after it is written, and the response kept in a list: the routes stay as written',
      code: `
        import requests
        body = {"name": "churn", "config": {"traffic_config": {"routes": [
            {"served_model_name": "a", "traffic_percentage": 50},
            {"served_model_name": "b", "traffic_percentage": 40},
        ]}}}
        body["name"] = "churn-v2"
        history = [requests.put(f"{host}/api/2.0/serving-endpoints/churn/config", json=body["config"])]
        history.append(None)
      `,
      findings: [{ line: 2, column: 66, message: 'add up to 90 (50 + 40)' }],
    },
    {
      name: 'SDK TrafficConfig whose routes add up to 105',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        traffic = TrafficConfig(routes=[
            Route(served_model_name="champion", traffic_percentage=90),
            Route(served_model_name="challenger", traffic_percentage=15),
        ])
      `,
      findings: [{ line: 2, column: 32, message: 'traffic percentages add up to 105 (90 + 15), not 100' }],
    },
    {
      name: 'SDK classes through a module alias, routes bound to a name earlier',
      code: `
        from databricks.sdk.service import serving
        routes = [
            serving.Route(served_entity_name="a", traffic_percentage=50),
            serving.Route(served_entity_name="b", traffic_percentage=30),
        ]
        config = serving.TrafficConfig(routes=routes)
      `,
      findings: [{ line: 2, column: 10, message: 'add up to 80 (50 + 30)' }],
    },
    {
      name: 'REST dict with traffic_config routes',
      code: `
        payload = {
            "served_entities": [{"name": "a", "entity_name": "m", "entity_version": "1"}],
            "traffic_config": {"routes": [
                {"served_model_name": "a-1", "traffic_percentage": 60},
                {"served_model_name": "b-2", "traffic_percentage": 60},
            ]},
        }
      `,
      findings: [{ line: 3, column: 34, message: 'add up to 120 (60 + 60)' }],
    },
    {
      name: 'legacy served_models carrying traffic_percentage',
      code: `
        config = {"served_models": [
            {"model_name": "m", "model_version": "1", "traffic_percentage": 70},
            {"model_name": "m", "model_version": "2", "traffic_percentage": 20},
        ]}
      `,
      findings: [{ line: 1, column: 28, message: 'add up to 90 (70 + 20)' }],
    },
    {
      name: 'a single route below 100',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        TrafficConfig(routes=[Route(served_model_name="only", traffic_percentage=50)])
      `,
      findings: [{ line: 2, column: 22, message: 'add up to 50, not 100' }],
    },
    {
      name: 'a percentage outside 0..100 (sum still 100)',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        TrafficConfig(routes=[
            Route(served_model_name="a", traffic_percentage=120),
            Route(served_model_name="b", traffic_percentage=-20),
        ])
      `,
      findings: [
        { line: 3, column: 53, message: 'traffic_percentage 120 is outside 0..100' },
        { line: 4, column: 53, message: 'traffic_percentage -20 is outside 0..100' },
      ],
    },
    {
      name: 'JSON inside a curl command string',
      code: `
        cmd = """curl -X PUT https://host/api/2.0/serving-endpoints/ep/config -d '{
          "traffic_config": {"routes": [
            {"served_model_name": "a-1", "traffic_percentage": 90},
            {"served_model_name": "b-1", "traffic_percentage": 15}
          ]}
        }'"""
      `,
      findings: [{ line: 2, column: 32, message: 'add up to 105 (90 + 15)' }],
    },
    {
      name: 'JSON string passed as data=',
      code: `
        import requests
        requests.put(url, data='{"traffic_config": {"routes": [{"served_entity_name": "a", "traffic_percentage": 30}]}}')
      `,
      findings: [{ line: 2, column: 55, message: 'add up to 30, not 100' }],
    },
    {
      name: 'routes dicts bound to names, inside a json.dumps-ready body',
      code: `
        import json
        champion = {"served_model_name": "champion", "traffic_percentage": 95}
        challenger = {"served_model_name": "challenger", "traffic_percentage": 10}
        body = json.dumps({"name": "ep", "config": {"traffic_config": {"routes": [champion, challenger]}}})
      `,
      findings: [{ line: 4, column: 74, message: 'add up to 105 (95 + 10)' }],
    },
    {
      name: 'JSON with escaped quotes in a plain string',
      code: `
        body = "{\\"traffic_config\\": {\\"routes\\": [{\\"served_model_name\\": \\"a\\", \\"traffic_percentage\\": 99}]}}"
      `,
      findings: [{ line: 1, column: 43, message: 'add up to 99' }],
    },
    {
      name: 'percentages written as numeric strings, as the REST docs do',
      code: `
        body = {"traffic_config": {"routes": [
            {"served_model_name": "current", "traffic_percentage": "90"},
            {"served_model_name": "challenger", "traffic_percentage": "20"},
        ]}}
      `,
      findings: [{ line: 1, column: 38, message: 'add up to 110 (90 + 20)' }],
    },
    {
      name: 'numeric strings inside a JSON string',
      code: `
        import requests
        requests.put(url, data='{"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": "70"}, {"served_model_name": "b", "traffic_percentage": "20"}]}}')
      `,
      findings: [{ line: 2, column: 55, message: 'add up to 90' }],
    },
    {
      name: 'a fractional percentage',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        TrafficConfig(routes=[
            Route(served_model_name="a", traffic_percentage=33.5),
            Route(served_model_name="b", traffic_percentage=66.5),
        ])
      `,
      findings: [
        { line: 3, column: 53, message: 'traffic_percentage 33.5 is not a whole number' },
        { line: 4, column: 53, message: 'traffic_percentage 66.5 is not a whole number' },
      ],
    },
  ],
  silent: [
    {
      name: 'percentages read out of a dict that changes before the read: through another name, with |=, or rebound by a function with global',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        PCT = {"champion": 90, "challenger": 15}
        alias = PCT
        alias["challenger"] = 10
        TrafficConfig(routes=[Route(served_model_name="champion", traffic_percentage=PCT.get("champion")), Route(served_model_name="challenger", traffic_percentage=PCT["challenger"])])
        MERGED = {"champion": 90, "challenger": 15}
        MERGED |= {"challenger": 10}
        TrafficConfig(routes=[Route(served_model_name="champion", traffic_percentage=MERGED.get("champion")), Route(served_model_name="challenger", traffic_percentage=MERGED.get("challenger"))])
        SHARES = {"champion": 90, "challenger": 15}
        def shrink():
            global SHARES
            SHARES = {"champion": 90, "challenger": 10}
        shrink()
        TrafficConfig(routes=[Route(served_model_name="champion", traffic_percentage=SHARES["champion"]), Route(served_model_name="challenger", traffic_percentage=SHARES.get("challenger"))])
      `,
    },
    {
      name: 'routes appended to through another name for them, or set through a loop variable',
      code: `
        cfg = {"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 0}]}}
        routes = cfg["traffic_config"]["routes"]
        routes.append({"served_model_name": "b", "traffic_percentage": 100})
        other = {"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 0}, {"served_model_name": "b", "traffic_percentage": 0}]}}
        for route in other["traffic_config"]["routes"]:
            route["traffic_percentage"] = 50
      `,
    },
    {
      name: 'a route appended to the config dict after it is written (the sum sent is not the literal one)',
      code: `
        import requests
        cfg = {"config": {"served_entities": [{"name": "a", "entity_name": "c.s.m", "entity_version": "1"}],
                          "traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 0}]}}}
        cfg["config"]["served_entities"].append({"name": "b", "entity_name": "c.s.m", "entity_version": "2"})
        cfg["config"]["traffic_config"]["routes"].append({"served_model_name": "b", "traffic_percentage": 100})
        requests.put(f"{host}/api/2.0/serving-endpoints/e/config", json=cfg["config"])
      `,
    },
    {
      name: 'a percentage set by index inside the config after it is written',
      code: `
        config = {"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 90}]}}
        config["traffic_config"]["routes"][0]["traffic_percentage"] = 100
      `,
    },
    {
      name: 'a route of a named routes list changed by index before the list is used',
      code: `
        routes = [{"served_model_name": "a", "traffic_percentage": 50}, {"served_model_name": "b", "traffic_percentage": 40}]
        routes[1]["traffic_percentage"] = 50
        body = {"traffic_config": {"routes": routes}}
      `,
    },
    {
      name: 'a TrafficConfig whose routes are appended to after it is built',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        traffic = TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90)])
        traffic.routes.append(Route(served_model_name="b", traffic_percentage=10))
      `,
    },
    {
      name: 'whole percentages written as floats (50.0)',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        TrafficConfig(routes=[
            Route(served_model_name="a", traffic_percentage=50.0),
            Route(served_model_name="b", traffic_percentage=50.0),
        ])
      `,
    },
    {
      name: 'a sum of exactly 100',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        TrafficConfig(routes=[
            Route(served_model_name="champion", traffic_percentage=90),
            Route(served_model_name="challenger", traffic_percentage=10),
        ])
      `,
    },
    {
      name: 'numeric strings summing to 100',
      code: `
        body = {"traffic_config": {"routes": [
            {"served_model_name": "current", "traffic_percentage": "90"},
            {"served_model_name": "challenger", "traffic_percentage": "10"},
        ]}}
      `,
    },
    {
      name: 'a single route of 100',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        TrafficConfig(routes=[Route(served_model_name="only", traffic_percentage=100)])
      `,
    },
    {
      name: 'a percentage that is not a literal says nothing about the endpoint',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        TrafficConfig(routes=[
            Route(served_model_name="champion", traffic_percentage=100 - canary),
            Route(served_model_name="challenger", traffic_percentage=15),
        ])
      `,
    },
    {
      name: 'a percentage from a parameter, with another out of range',
      code: `
        def config(share):
            return {"traffic_config": {"routes": [
                {"served_model_name": "a", "traffic_percentage": share},
                {"served_model_name": "b", "traffic_percentage": 150},
            ]}}
      `,
    },
    {
      name: 'a local class called TrafficConfig',
      code: `
        class Route:
            def __init__(self, **kw): pass
        class TrafficConfig:
            def __init__(self, routes): pass
        TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90), Route(served_model_name="b", traffic_percentage=15)])
      `,
    },
    {
      name: 'a dict that is not a traffic config (routes without served names)',
      code: `
        network = {"routes": [{"gateway": "10.0.0.1", "traffic_percentage": 70}, {"gateway": "10.0.0.2", "traffic_percentage": 20}]}
      `,
    },
    {
      name: 'a routes list of plain strings',
      code: `
        app = {"routes": ["/a", "/b"], "traffic_percentage": 50}
      `,
    },
    {
      name: 'an f-string with interpolated percentages',
      code: `
        body = f'{{"traffic_config": {{"routes": [{{"served_model_name": "a", "traffic_percentage": {pct}}}]}}}}'
      `,
    },
    {
      name: 'JSON in a string summing to 100',
      code: `
        body = '{"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 75}, {"served_model_name": "b", "traffic_percentage": 25}]}}'
      `,
    },
    {
      name: 'a docstring that shows a wrong split as an example',
      code: `
        def deploy():
            """Never send {"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 90}, {"served_model_name": "b", "traffic_percentage": 15}]}}."""
            pass
      `,
    },
    {
      name: 'the config inside a comment',
      code: `
        # TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90), Route(served_model_name="b", traffic_percentage=15)])
        x = 1
      `,
    },
    {
      name: 'broken JSON in a string',
      code: `
        body = '{"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 90},]}}'
      `,
    },
    {
      name: 'a routes list extended by a splat',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90), *more_routes])
      `,
    },
    {
      name: 'a route given by **kwargs',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90), Route(**challenger)])
      `,
    },
    {
      name: 'served entities without traffic percentages',
      code: `
        config = {"served_entities": [{"entity_name": "m", "entity_version": "1", "workload_size": "Small"}]}
      `,
    },
    {
      name: 'code mid-edit',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=
      `,
    },
  ],
  fixes: [
    {
      name: 'sets the last SDK route to what is left of 100',
      code: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        traffic = TrafficConfig(routes=[
            Route(served_model_name="champion", traffic_percentage=90),
            Route(served_model_name="challenger", traffic_percentage=15),
        ])
      `,
      output: `
        from databricks.sdk.service.serving import Route, TrafficConfig
        traffic = TrafficConfig(routes=[
            Route(served_model_name="champion", traffic_percentage=90),
            Route(served_model_name="challenger", traffic_percentage=10),
        ])
      `,
    },
    {
      name: 'edits the number inside a JSON string',
      code: `
        import requests
        requests.put(url, data='{"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 60}, {"served_model_name": "b", "traffic_percentage": 60}]}}')
      `,
      output: `
        import requests
        requests.put(url, data='{"traffic_config": {"routes": [{"served_model_name": "a", "traffic_percentage": 60}, {"served_model_name": "b", "traffic_percentage": 40}]}}')
      `,
    },
    {
      name: 'edits a dict route bound to a name',
      code: `
        champion = {"served_model_name": "champion", "traffic_percentage": 95}
        challenger = {"served_model_name": "challenger", "traffic_percentage": 10}
        config = {"traffic_config": {"routes": [champion, challenger]}}
      `,
      output: `
        champion = {"served_model_name": "champion", "traffic_percentage": 95}
        challenger = {"served_model_name": "challenger", "traffic_percentage": 5}
        config = {"traffic_config": {"routes": [champion, challenger]}}
      `,
    },
    {
      name: 'legacy served models in a triple-quoted curl string',
      code: `
        cmd = """curl -X PUT $HOST/api/2.0/serving-endpoints/ep/config -d '{"served_models": [
          {"model_name": "m", "model_version": "1", "traffic_percentage": 70},
          {"model_name": "m", "model_version": "2", "traffic_percentage": 20}
        ]}'"""
      `,
      output: `
        cmd = """curl -X PUT $HOST/api/2.0/serving-endpoints/ep/config -d '{"served_models": [
          {"model_name": "m", "model_version": "1", "traffic_percentage": 70},
          {"model_name": "m", "model_version": "2", "traffic_percentage": 30}
        ]}'"""
      `,
    },
  ],
});

describe('MLT601 offers no fix it cannot make right', () => {
  const cases: Array<[string, string]> = [
    [
      'the others already exceed 100',
      `
        from databricks.sdk.service.serving import Route, TrafficConfig
        TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=110), Route(served_model_name="b", traffic_percentage=5)])
      `,
    ],
    [
      'the last percentage is a name, not a literal written there',
      `
        from databricks.sdk.service.serving import Route, TrafficConfig
        CANARY = 15
        TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90), Route(served_model_name="b", traffic_percentage=CANARY)])
      `,
    ],
  ];
  for (const [name, code] of cases) {
    it(name, async () => {
      const findings = await findingsOf(mlt601TrafficSplitNot100, dedent(code));
      const sums = findings.filter((finding) => finding.message.includes('add up to'));
      assert.equal(sums.length, 1);
      assert.deepEqual(sums[0].fixes, []);
    });
  }
});
