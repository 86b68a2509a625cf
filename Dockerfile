# syntax=docker/dockerfile:1
# One Chronicle node: the same image for every role (ledger: account and transfer shards, event forwarder;
# gateway: HTTP; projector: the read model), chosen at run time with Chronicle__Roles. Built with the .NET 10
# SDK, run on the ASP.NET 10 runtime image. Used by docker-compose.yml; see docs/DEPLOYMENT.md.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files alone, so the package layer is cached across code edits.
COPY Directory.Build.props Directory.Packages.props cluster.hocon ./
COPY Chronicle.Domain/Chronicle.Domain.csproj Chronicle.Domain/
COPY Chronicle.Contracts/Chronicle.Contracts.csproj Chronicle.Contracts/
COPY Chronicle.Actors/Chronicle.Actors.csproj Chronicle.Actors/
COPY Chronicle.Projector/Chronicle.Projector.csproj Chronicle.Projector/
COPY Chronicle.Gateway/Chronicle.Gateway.csproj Chronicle.Gateway/
COPY Chronicle.Node/Chronicle.Node.csproj Chronicle.Node/
RUN dotnet restore Chronicle.Node/Chronicle.Node.csproj

COPY Chronicle.Domain/ Chronicle.Domain/
COPY Chronicle.Contracts/ Chronicle.Contracts/
COPY Chronicle.Actors/ Chronicle.Actors/
COPY Chronicle.Projector/ Chronicle.Projector/
COPY Chronicle.Gateway/ Chronicle.Gateway/
COPY Chronicle.Node/ Chronicle.Node/
RUN dotnet publish Chronicle.Node/Chronicle.Node.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Inside a container the gateway must listen on all interfaces; compose publishes it on loopback only.
# The one setting the image carries: the event store, seed nodes and roles come from the deployment
# (docs/CONFIGURATION.md), and a node without them exits at once naming the key.
ENV Chronicle__Url=http://0.0.0.0:5080
# No spin-waiting thread-pool workers: measured to cost up to two fifths of the node's CPU under load (see ./chronicle).
ENV DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
# 5080: HTTP (API, /healthz, /readyz, /metrics). 4053: Akka remoting (cluster traffic between nodes).
# Logs: JSON lines on stdout.
EXPOSE 5080 4053
# The aspnet images ship an unprivileged "app" user.
USER $APP_UID
ENTRYPOINT ["dotnet", "Chronicle.Node.dll"]
