from dash import Dash, dcc, html

app = Dash(__name__)
server = app.server

app.layout = html.Div([html.H1("Inventory"), dcc.Graph(id="stock")])

if __name__ == "__main__":
    app.run(debug=True)
