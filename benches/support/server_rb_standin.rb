# A stand-in for GitLab's mock collector, scripts/internal_events/server.rb
# (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/server.rb), written
# from its documented behaviour for benches/collect.sh: a WEBrick server that keeps structured
# events from GET /i and POST /com.snowplowanalytics.snowplow/tp2 (category, action, label,
# property, value, dtm as collector_tstamp, the base64-decoded contexts, the raw parameters)
# and lists them at GET /micro/good. It checks nothing; it is the peer the collector's
# throughput is measured beside.
#
#   ruby benches/support/server_rb_standin.rb PORT
require 'webrick'
require 'json'
require 'base64'

events = []
lock = Mutex.new

store = lambda do |params|
  next unless params['e'] == 'se'

  contexts = params['cx'] ? JSON.parse(Base64.urlsafe_decode64(params['cx'])) : nil
  event = {
    event: {
      se_category: params['se_ca'], se_action: params['se_ac'], collector_tstamp: params['dtm'],
      se_label: params['se_la'], se_property: params['se_pr'], se_value: params['se_va'], contexts: contexts
    },
    rawEvent: { parameters: params }
  }
  lock.synchronize { events << event }
end

server = WEBrick::HTTPServer.new(
  BindAddress: '127.0.0.1', Port: Integer(ARGV.fetch(0)),
  Logger: WEBrick::Log.new(File::NULL), AccessLog: []
)
server.mount_proc('/i') do |req, res|
  store.call(req.query.transform_values(&:to_s))
  res.status = 200
end
server.mount_proc('/com.snowplowanalytics.snowplow/tp2') do |req, res|
  JSON.parse(req.body)['data'].each { |entry| store.call(entry) }
  res.status = 200
end
server.mount_proc('/micro/good') do |_req, res|
  res['Content-Type'] = 'application/json'
  res.body = lock.synchronize { events.to_json }
end
trap('INT') { server.shutdown }
trap('TERM') { server.shutdown }
server.start
