import os

import dash
import dash_core_components as dcc
import dash_html_components as html
import dash_table
import redis
from dash.dependencies import Input, Output

import dash_enterprise_auth as auth

app = dash.Dash(__name__)
server = app.server
cache = redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379"))

app.layout = html.Div(
    [
        html.H1("Sales"),
        dcc.Dropdown(id="region", options=[{"label": r, "value": r} for r in ["EMEA", "AMER", "APAC"]]),
        dash_table.DataTable(id="table"),
        auth.create_logout_button(),
    ]
)


@app.callback(Output("table", "data"), Input("region", "value"))
def update(region):
    rows = cache.get(f"sales:{region}")
    return [] if rows is None else rows


if __name__ == "__main__":
    app.run_server(debug=True)
