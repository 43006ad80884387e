from dash import Dash, html

app = Dash(
    __name__,
    title="Operations report",
)

app.layout = html.Div([html.H1("Operations")])

if __name__ == "__main__":
    app.run_server(debug=False)
