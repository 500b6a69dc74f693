<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnalysisPanel</name>
    <message>
        <source>Read from the photo alone: no patient age, sex or body site was used.</source>
        <translation>仅根据照片判读：未使用患者的年龄、性别或部位。</translation>
    </message>
    <message>
        <source>age {}</source>
        <translation>{} 岁</translation>
    </message>
    <message>
        <source>Adjusted for the patient: {}.</source>
        <translation>已结合患者信息调整：{}。</translation>
    </message>
    <message>
        <source>Analyze</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>所见</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>测量值</translation>
    </message>
    <message>
        <source>Differential (calibrated probabilities)</source>
        <translation>鉴别诊断（校准概率）</translation>
    </message>
    <message>
        <source>Colours seen</source>
        <translation>可见颜色</translation>
    </message>
    <message>
        <source>The AI is switched off in Settings; document the case by hand.</source>
        <translation>AI 已在设置中关闭；请手动记录本病例。</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>分析</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source>When (local)</source>
        <translation>时间（本地）</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Audit history</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <source>Only case #{0}</source>
        <translation>仅病例 #{0}</translation>
    </message>
    <message>
        <source>Only this case</source>
        <translation>仅本病例</translation>
    </message>
    <message>
        <source>Showing the newest {0} of {1} events.</source>
        <translation>显示最新的 {0} 条事件，共 {1} 条。</translation>
    </message>
    <message>
        <source>The audit chain verifies: no event was edited, deleted or reordered.</source>
        <translation>审计链校验通过：没有任何事件被修改、删除或重新排序。</translation>
    </message>
    <message>
        <source>WARNING: the audit chain is broken at event {0}.</source>
        <translation>警告：审计链在事件 {0} 处断裂。</translation>
    </message>
    <message>
        <source>Head of the trail: event {0}, hash {1}. Written down off this machine, it shows later whether the newest events were deleted (skinclinic audit verify --anchor).</source>
        <translation>审计记录的最新事件：{0}，哈希 {1}。将其记录在本机以外，日后可用 skinclinic audit verify --anchor 检查最新的事件是否被删除。</translation>
    </message>
</context>
<context>
    <name>Badges</name>
    <message>
        <source>Confident</source>
        <translation>可信</translation>
    </message>
    <message>
        <source>Uncertain</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>Refer</source>
        <translation>建议转诊</translation>
    </message>
    <message>
        <source>Retake photo</source>
        <translation>请重拍</translation>
    </message>
    <message>
        <source>The model&apos;s reading is stable; a doctor still reviews every case.</source>
        <translation>模型判读稳定；每个病例仍须由医生审核。</translation>
    </message>
    <message>
        <source>The model hesitates between diagnoses; read the differential with care.</source>
        <translation>模型在多个诊断之间犹豫；请仔细阅读鉴别诊断。</translation>
    </message>
    <message>
        <source>The model should not be relied on here; refer the case for a specialist&apos;s review.</source>
        <translation>此处不应依赖模型；请将病例转交专科医生审阅。</translation>
    </message>
    <message>
        <source>The photo is not good enough to read; take it again (no diagnosis was given).</source>
        <translation>照片质量不足以判读；请重新拍摄（未给出诊断）。</translation>
    </message>
    <message>
        <source>Not analyzed</source>
        <translation>未分析</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss message</source>
        <translation>关闭消息</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Camera support could not start ({0}); ask your administrator.</source>
        <translation>相机功能无法启动（{0}），请联系管理员。</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>拍摄</translation>
    </message>
    <message>
        <source>Retake</source>
        <translation>重拍</translation>
    </message>
    <message>
        <source>Keep photo</source>
        <translation>保留照片</translation>
    </message>
    <message>
        <source>Take a photo</source>
        <translation>拍摄照片</translation>
    </message>
    <message>
        <source>No camera found</source>
        <translation>未找到相机</translation>
    </message>
    <message>
        <source>No camera found. Connect a camera, or add photos from files instead.</source>
        <translation>未找到相机。请连接相机，或改为从文件添加照片。</translation>
    </message>
    <message>
        <source>The camera stopped: {0}. Check its cable, or choose another camera.</source>
        <translation>相机已停止：{0}。请检查线缆，或选择其他相机。</translation>
    </message>
    <message>
        <source>The photo could not be taken: {0}. Try again.</source>
        <translation>无法拍摄照片：{0}。请重试。</translation>
    </message>
    <message>
        <source>The photo could not be saved: {0}</source>
        <translation>无法保存照片：{0}</translation>
    </message>
    <message>
        <source>writing {0} failed</source>
        <translation>写入 {0} 失败</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>正在启动相机…</translation>
    </message>
    <message>
        <source>Add {0} photo(s)</source>
        <translation>添加 {0} 张照片</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>Patient…</source>
        <translation>患者…</translation>
    </message>
    <message>
        <source>Correct the patient&apos;s year of birth, sex or skin type</source>
        <translation>更正患者的出生年份、性别或皮肤类型</translation>
    </message>
    <message>
        <source>Sign in and select a case to correct its patient.</source>
        <translation>请登录并选择病例以更正其患者信息。</translation>
    </message>
    <message>
        <source>Could not correct the patient: {0}</source>
        <translation>无法更正患者信息：{0}</translation>
    </message>
    <message>
        <source>skin type {0}</source>
        <translation>皮肤类型 {0}</translation>
    </message>
    <message>
        <source>born {0}</source>
        <translation>{0} 年生</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Draft &amp;&amp; review</source>
        <translation>草稿与审核</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>缩小 (Ctrl+-)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>放大 (Ctrl++)</translation>
    </message>
    <message>
        <source>Fit (Ctrl+0)</source>
        <translation>适合窗口 (Ctrl+0)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export as PDF, FHIR or DICOM (Ctrl+E)</source>
        <translation>导出为 PDF、FHIR 或 DICOM（Ctrl+E）</translation>
    </message>
    <message>
        <source>Select a case in the list, or start a new case.</source>
        <translation>请在列表中选择病例，或新建病例。</translation>
    </message>
    <message>
        <source>Could not open case #{0}: {1}</source>
        <translation>无法打开病例 #{0}：{1}</translation>
    </message>
    <message>
        <source>Case #{0} · {1}</source>
        <translation>病例 #{0} · {1}</translation>
    </message>
    <message>
        <source>Patient {0} · {1} · opened {2}</source>
        <translation>患者 {0} · {1} · 建档于 {2}</translation>
    </message>
    <message>
        <source>Sign in and select a case to export it.</source>
        <translation>请登录并选择要导出的病例。</translation>
    </message>
</context>
<context>
    <name>CasesModel</name>
    <message>
        <source>Case</source>
        <translation>病例</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Body site</source>
        <translation>部位</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Top diagnosis</source>
        <translation>首要诊断</translation>
    </message>
    <message>
        <source>Uncertainty</source>
        <translation>不确定性</translation>
    </message>
</context>
<context>
    <name>CasesView</name>
    <message>
        <source>Search patient, body site, diagnosis…</source>
        <translation>搜索患者、部位、诊断…</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Could not list cases: {0}</source>
        <translation>无法列出病例：{0}</translation>
    </message>
    <message>
        <source>1 case</source>
        <translation>1 个病例</translation>
    </message>
    <message>
        <source>{0} cases</source>
        <translation>{0} 个病例</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <source>Ask about this case…</source>
        <translation>就本病例提问…</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>The AI is switched off in Settings.</source>
        <translation>AI 已在设置中关闭。</translation>
    </message>
    <message>
        <source> Follow-up questions need it too.</source>
        <translation>追问同样需要它。</translation>
    </message>
    <message>
        <source>You:</source>
        <translation>您：</translation>
    </message>
    <message>
        <source>AI:</source>
        <translation>AI：</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>提问</translation>
    </message>
</context>
<context>
    <name>DifferentialChart</name>
    <message>
        <source>Differential</source>
        <translation>鉴别诊断</translation>
    </message>
    <message>
        <source>No differential yet</source>
        <translation>尚无鉴别诊断</translation>
    </message>
</context>
<context>
    <name>DraftPanel</name>
    <message>
        <source>PRELIMINARY AI DRAFT — not reviewed</source>
        <translation>初步AI草稿 — 未经审核</translation>
    </message>
    <message>
        <source>The report text. Write it by hand or generate an AI draft.</source>
        <translation>报告正文。可手动撰写，或生成 AI 草稿。</translation>
    </message>
    <message>
        <source>Generate draft</source>
        <translation>生成草稿</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save edit</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>Show changes</source>
        <translation>显示改动</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <source>Sign…</source>
        <translation>签署…</translation>
    </message>
    <message>
        <source>Amend…</source>
        <translation>修订…</translation>
    </message>
    <message>
        <source>SIGNED by {name}, {when} ({meaning}) — read-only</source>
        <translation>已由 {name} 于 {when} 签署（{meaning}）— 只读</translation>
    </message>
    <message>
        <source>Save amendment…</source>
        <translation>保存修订…</translation>
    </message>
    <message>
        <source>The AI is switched off in Settings; write the report by hand.</source>
        <translation>AI 已在设置中关闭；请手动撰写报告。</translation>
    </message>
    <message>
        <source> You can still write the report by hand.</source>
        <translation>您仍可手动撰写报告。</translation>
    </message>
    <message>
        <source>There is no AI draft to compare with.</source>
        <translation>没有可供对比的 AI 草稿。</translation>
    </message>
    <message>
        <source>Drafting</source>
        <translation>正在起草</translation>
    </message>
    <message>
        <source>Could not save the draft: {0}</source>
        <translation>无法保存草稿：{0}</translation>
    </message>
    <message>
        <source>Signing</source>
        <translation>正在签署</translation>
    </message>
    <message>
        <source>Signed.</source>
        <translation>已签署。</translation>
    </message>
    <message>
        <source>Reject the draft</source>
        <translation>驳回草稿</translation>
    </message>
    <message>
        <source>Why is this draft rejected?</source>
        <translation>驳回此草稿的原因是什么？</translation>
    </message>
    <message>
        <source>Rejecting</source>
        <translation>正在驳回</translation>
    </message>
    <message>
        <source>Draft rejected.</source>
        <translation>草稿已驳回。</translation>
    </message>
    <message>
        <source>Amend the signed report</source>
        <translation>修订已签署的报告</translation>
    </message>
    <message>
        <source>Why is the report amended?</source>
        <translation>修订此报告的原因是什么？</translation>
    </message>
    <message>
        <source>Amending</source>
        <translation>正在修订</translation>
    </message>
    <message>
        <source>Amendment saved as a new version; it needs its own signature.</source>
        <translation>修订已保存为新版本；该版本需要单独签署。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export case #{0}</source>
        <translation>导出病例 #{0}</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>PDF 报告</translation>
    </message>
    <message>
        <source>FHIR R4B bundle (JSON)</source>
        <translation>FHIR R4B 资源包（JSON）</translation>
    </message>
    <message>
        <source>DICOM files, one per photo, in the folder</source>
        <translation>DICOM 文件（每张照片一个），保存到文件夹</translation>
    </message>
    <message>
        <source>Include the photo bytes in the FHIR bundle</source>
        <translation>在 FHIR 资源包中包含照片数据</translation>
    </message>
    <message>
        <source>Without them the bundle names each photo by its checksum only.</source>
        <translation>不包含时，资源包只用校验和标识每张照片。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Signed by {0}: the files are the final report.</source>
        <translation>已由 {0} 签署：这些文件是最终报告。</translation>
    </message>
    <message>
        <source>Not signed yet: every file is marked PRELIMINARY AI DRAFT until a doctor signs.</source>
        <translation>尚未签署：在医生签署之前，每个文件都标为“初步AI草稿”。</translation>
    </message>
    <message>
        <source>Save the PDF report</source>
        <translation>保存 PDF 报告</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save the FHIR bundle</source>
        <translation>保存 FHIR 资源包</translation>
    </message>
    <message>
        <source>FHIR JSON (*.json)</source>
        <translation>FHIR JSON (*.json)</translation>
    </message>
    <message>
        <source>Folder for the DICOM files</source>
        <translation>DICOM 文件的保存文件夹</translation>
    </message>
    <message>
        <source>Choose at least one format and where to save it.</source>
        <translation>请至少选择一种格式及保存位置。</translation>
    </message>
    <message>
        <source>Sign in to export a case.</source>
        <translation>请登录后再导出病例。</translation>
    </message>
    <message>
        <source>Unlock the session to export.</source>
        <translation>请先解锁会话再导出。</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <source>Export cancelled; files written before the cancel stay, each in the audit history.</source>
        <translation>导出已取消；取消前已写出的文件会保留，并各自记入审计历史。</translation>
    </message>
    <message>
        <source>Case #{0} exported as a PRELIMINARY draft (not signed):</source>
        <translation>病例 #{0} 已作为初步草稿导出（未签署）：</translation>
    </message>
    <message>
        <source>Case #{0} exported (signed):</source>
        <translation>病例 #{0} 已导出（已签署）：</translation>
    </message>
</context>
<context>
    <name>Findings</name>
    <message>
        <source>Lesion area</source>
        <translation>皮损面积</translation>
    </message>
    <message>
        <source>{:.0%} of the photo</source>
        <translation>占照片的 {:.0%}</translation>
    </message>
    <message>
        <source>Asymmetry</source>
        <translation>不对称性</translation>
    </message>
    <message>
        <source>Border irregularity</source>
        <translation>边界不规则度</translation>
    </message>
    <message>
        <source>Largest diameter</source>
        <translation>最大直径</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>颜色数</translation>
    </message>
    <message>
        <source>Unfamiliarity score</source>
        <translation>陌生度评分</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>back</source>
        <translation>背部</translation>
    </message>
    <message>
        <source>trunk</source>
        <translation>躯干</translation>
    </message>
    <message>
        <source>upper extremity</source>
        <translation>上肢</translation>
    </message>
    <message>
        <source>lower extremity</source>
        <translation>下肢</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Actinic keratosis / Bowen&apos;s</source>
        <translation>光线性角化病/鲍温病</translation>
    </message>
    <message>
        <source>Basal cell carcinoma</source>
        <translation>基底细胞癌</translation>
    </message>
    <message>
        <source>Benign keratosis</source>
        <translation>良性角化病样病变</translation>
    </message>
    <message>
        <source>Dermatofibroma</source>
        <translation>皮肤纤维瘤</translation>
    </message>
    <message>
        <source>Melanoma</source>
        <translation>黑色素瘤</translation>
    </message>
    <message>
        <source>Melanocytic nevus</source>
        <translation>色素痣</translation>
    </message>
    <message>
        <source>Vascular lesion</source>
        <translation>血管病变</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Analyzed</source>
        <translation>已分析</translation>
    </message>
    <message>
        <source>Drafted</source>
        <translation>已起草</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签署</translation>
    </message>
    <message>
        <source>Amended</source>
        <translation>已修订</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>doctor</source>
        <translation>医生</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>scalp</source>
        <translation>头皮</translation>
    </message>
    <message>
        <source>face</source>
        <translation>面部</translation>
    </message>
    <message>
        <source>ear</source>
        <translation>耳</translation>
    </message>
    <message>
        <source>neck</source>
        <translation>颈部</translation>
    </message>
    <message>
        <source>chest</source>
        <translation>胸部</translation>
    </message>
    <message>
        <source>abdomen</source>
        <translation>腹部</translation>
    </message>
    <message>
        <source>upper back</source>
        <translation>上背部</translation>
    </message>
    <message>
        <source>lower back</source>
        <translation>下背部</translation>
    </message>
    <message>
        <source>upper arm</source>
        <translation>上臂</translation>
    </message>
    <message>
        <source>forearm</source>
        <translation>前臂</translation>
    </message>
    <message>
        <source>hand</source>
        <translation>手</translation>
    </message>
    <message>
        <source>genital</source>
        <translation>生殖器</translation>
    </message>
    <message>
        <source>thigh</source>
        <translation>大腿</translation>
    </message>
    <message>
        <source>lower leg</source>
        <translation>小腿</translation>
    </message>
    <message>
        <source>foot</source>
        <translation>足</translation>
    </message>
    <message>
        <source>acral</source>
        <translation>肢端</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>unspecified</source>
        <translation>未指明</translation>
    </message>
    <message>
        <source>white</source>
        <translation>白色</translation>
    </message>
    <message>
        <source>red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>light brown</source>
        <translation>浅褐色</translation>
    </message>
    <message>
        <source>dark brown</source>
        <translation>深褐色</translation>
    </message>
    <message>
        <source>blue-grey</source>
        <translation>蓝灰色</translation>
    </message>
    <message>
        <source>black</source>
        <translation>黑色</translation>
    </message>
    <message>
        <source>approval</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>review</source>
        <translation>审阅</translation>
    </message>
    <message>
        <source>responsibility</source>
        <translation>负责</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>新建病例</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Audit history</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Opening the case log…</source>
        <translation>正在打开病例库…</translation>
    </message>
    <message>
        <source>Opening the case log</source>
        <translation>打开病例库</translation>
    </message>
    <message>
        <source>Case log ready</source>
        <translation>病例库已就绪</translation>
    </message>
    <message>
        <source>Loading models…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Loading the models</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <source>Models failed to load</source>
        <translation>模型加载失败</translation>
    </message>
    <message>
        <source>Signed in: {name} ({role})</source>
        <translation>已登录：{name}（{role}）</translation>
    </message>
    <message>
        <source>Sign-out was not recorded: {0}</source>
        <translation>未能记录退出登录：{0}</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>AI switched off</source>
        <translation>AI 已关闭</translation>
    </message>
    <message>
        <source>Vision model: {0} · Report model: {1}</source>
        <translation>图像模型：{0} · 报告模型：{1}</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>The year of birth must be between {0} and {1}.</source>
        <translation>出生年份必须在 {0} 到 {1} 之间。</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Year of birth</source>
        <translation>出生年份</translation>
    </message>
    <message>
        <source>Recorded for a new patient, or one without them yet (what is recorded is kept); the AI weighs age, sex and body site with the photo.</source>
        <translation>为新患者或尚无此信息的患者记录（已记录的信息保持不变）；AI 会结合照片考虑年龄、性别和部位。</translation>
    </message>
    <message>
        <source>No camera support installed (Qt Multimedia is not part of this installation).</source>
        <translation>未安装相机支持（本安装不含 Qt Multimedia）。</translation>
    </message>
    <message>
        <source>No camera found.</source>
        <translation>未找到相机。</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>新建病例</translation>
    </message>
    <message>
        <source>Pseudonymous reference, never a name</source>
        <translation>假名编号，切勿填写姓名</translation>
    </message>
    <message>
        <source>New pseudonymous</source>
        <translation>新建假名编号</translation>
    </message>
    <message>
        <source>Choose or type the body site</source>
        <translation>选择或输入部位</translation>
    </message>
    <message>
        <source>Dermoscopic (through a dermatoscope)</source>
        <translation>皮肤镜图像（经皮肤镜拍摄）</translation>
    </message>
    <message>
        <source>Clinical (phone or camera, no dermatoscope)</source>
        <translation>临床照片（手机或相机，无皮肤镜）</translation>
    </message>
    <message>
        <source>Short history (optional)</source>
        <translation>简要病史（可选）</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <source>Take a photo with a connected camera</source>
        <translation>使用已连接的相机拍照</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Body site</source>
        <translation>部位</translation>
    </message>
    <message>
        <source>Photo type</source>
        <translation>照片类型</translation>
    </message>
    <message>
        <source>History</source>
        <translation>病史</translation>
    </message>
    <message>
        <source>Photos — drop files here, paste, or add</source>
        <translation>照片 — 拖放文件到此处、粘贴或添加</translation>
    </message>
    <message>
        <source>Camera (none found)</source>
        <translation>相机（未找到）</translation>
    </message>
    <message>
        <source>Camera (unavailable)</source>
        <translation>相机（不可用）</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Photos ({0});;All files (*)</source>
        <translation>照片 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <source>The clipboard holds no photo.</source>
        <translation>剪贴板中没有照片。</translation>
    </message>
    <message>
        <source>Case #{0}: {1} photo(s) imported</source>
        <translation>病例 #{0}：已导入 {1} 张照片</translation>
    </message>
    <message>
        <source>, {0} rejected</source>
        <translation>，{0} 张被拒绝</translation>
    </message>
    <message>
        <source>Not imported:</source>
        <translation>未导入：</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>{0} failed: {1}</source>
        <translation>{0}失败：{1}</translation>
    </message>
    <message>
        <source>{0} was cancelled; nothing was kept.</source>
        <translation>{0}已取消；未保留任何内容。</translation>
    </message>
    <message>
        <source>Opening the case log…</source>
        <translation>正在打开病例库…</translation>
    </message>
    <message>
        <source>Verifying the audit trail and signatures…</source>
        <translation>正在校验审计记录和签名…</translation>
    </message>
    <message>
        <source>Case log ready</source>
        <translation>病例库已就绪</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Lesion outline traced by the analysis</source>
        <translation>分析描绘的皮损轮廓</translation>
    </message>
</context>
<context>
    <name>Pipeline</name>
    <message>
        <source>The vision model pack {0} is not installed, so photos cannot be analyzed.</source>
        <translation>图像模型包 {0} 未安装，因此无法分析照片。</translation>
    </message>
    <message>
        <source>The report model pack is not installed, so drafts cannot be generated.</source>
        <translation>未安装报告模型包，因此无法生成草稿。</translation>
    </message>
    <message>
        <source>The vision model is not available yet, so photos cannot be analyzed.</source>
        <translation>图像模型尚不可用，因此无法分析照片。</translation>
    </message>
    <message>
        <source>The report model is not available yet, so drafts cannot be generated.</source>
        <translation>报告模型尚不可用，因此无法生成草稿。</translation>
    </message>
</context>
<context>
    <name>Quality</name>
    <message>
        <source>Photo quality: good — nothing in the photo limits the analysis.</source>
        <translation>照片质量：良好 — 照片中没有影响分析的因素。</translation>
    </message>
    <message>
        <source>Photo quality: limited — {0}</source>
        <translation>照片质量：受限 — {0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Encrypted at rest: the case log with SQLCipher, photos with AES-256-GCM.</source>
        <translation>静态加密：病例记录使用 SQLCipher，照片使用 AES-256-GCM。</translation>
    </message>
    <message>
        <source>Not encrypted. An administrator can encrypt it with `skinclinic encrypt` while the app is closed.</source>
        <translation>未加密。管理员可在应用关闭时使用 `skinclinic encrypt` 进行加密。</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The model pack **{0}** is not installed, so AI analysis is unavailable.</source>
        <translation>模型包 **{0}** 未安装，因此无法进行 AI 分析。</translation>
    </message>
    <message>
        <source>(no model card)</source>
        <translation>（无模型说明）</translation>
    </message>
    <message>
        <source>| Metric | Value |</source>
        <translation>| 指标 | 数值 |</translation>
    </message>
    <message>
        <source>No metrics in the manifest.</source>
        <translation>清单中没有指标。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Use the AI (analysis and drafts); off = manual documentation only</source>
        <translation>使用 AI（分析和草稿）；关闭 = 仅手动记录</translation>
    </message>
    <message>
        <source>Test-time augmentation (steadier analysis, slower)</source>
        <translation>测试时增强（分析更稳定，速度较慢）</translation>
    </message>
    <message>
        <source>Model threads</source>
        <translation>模型线程数</translation>
    </message>
    <message>
        <source>Lock after idle</source>
        <translation>闲置后锁定</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>A new language applies after a restart.</source>
        <translation>更改语言后需重启才能生效。</translation>
    </message>
    <message>
        <source>Model pack: {0}</source>
        <translation>模型包：{0}</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Model pack</source>
        <translation>模型包</translation>
    </message>
    <message>
        <source>Settings saved; restart SkinClinic to apply the language.</source>
        <translation>设置已保存；请重启 SkinClinic 以应用语言。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <source>Where should the backup go?</source>
        <translation>备份保存到哪里？</translation>
    </message>
    <message>
        <source>Backing up to {0}…</source>
        <translation>正在备份到 {0}…</translation>
    </message>
    <message>
        <source>The backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>The backup failed: {0}</source>
        <translation>备份失败：{0}</translation>
    </message>
    <message>
        <source>Backup written to {0}: the case log and {1} photo(s), {2} MiB.</source>
        <translation>备份已写入 {0}：病例记录和 {1} 张照片，{2} MiB。</translation>
    </message>
    <message>
        <source>{0} photo(s) were missing from the store.</source>
        <translation>照片库中缺少 {0} 张照片。</translation>
    </message>
    <message>
        <source>No backup has been made of this case log yet.</source>
        <translation>此病例记录尚未做过备份。</translation>
    </message>
    <message>
        <source>Last backup: {0}, to {1}</source>
        <translation>上次备份：{0}，保存到 {1}</translation>
    </message>
    <message>
        <source>A backup is a new folder with the case log and every photo (an encrypted home's stays encrypted). An administrator restores one with Restore a backup…, or with `skinclinic restore FOLDER` while the app is closed.</source>
        <translation>备份是一个新文件夹，包含病例记录和所有照片（加密的数据目录的备份仍保持加密）。管理员可用“恢复备份…”恢复，或在关闭应用后运行 `skinclinic restore 文件夹`。</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <source>Choose the backup folder</source>
        <translation>选择备份文件夹</translation>
    </message>
    <message>
        <source>Weigh the patient's age, sex and body site (off = the photo alone)</source>
        <translation>参考患者的年龄、性别和身体部位（关闭则只看照片）</translation>
    </message>
    <message>
        <source>What these say about each diagnosis was learnt from the training data's patients.</source>
        <translation>它们与各诊断的关系是从训练数据的患者中学到的。</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>Approval — I approve this report</source>
        <translation>批准 — 我批准本报告</translation>
    </message>
    <message>
        <source>Review — I have reviewed this record</source>
        <translation>审阅 — 我已审阅本记录</translation>
    </message>
    <message>
        <source>Responsibility — I take responsibility for this report</source>
        <translation>负责 — 我对本报告负责</translation>
    </message>
    <message>
        <source>Sign the report</source>
        <translation>签署报告</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>签名含义</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签署</translation>
    </message>
    <message>
        <source>Signing as {0}. The signature binds this exact text; afterwards the case is read-only and corrections are amendments.</source>
        <translation>以 {0} 的身份签署。签名与此确切文本绑定；签署后病例变为只读，更正需通过修订进行。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Create the administrator</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Welcome to SkinClinic</source>
        <translation>欢迎使用 SkinClinic</translation>
    </message>
    <message>
        <source>Sign in to SkinClinic</source>
        <translation>登录 SkinClinic</translation>
    </message>
    <message>
        <source>This is the first start: create the administrator account. The admin manages users; doctors and staff get their own accounts.</source>
        <translation>这是首次启动：请创建管理员账户。管理员负责管理用户；医生和工作人员各有自己的账户。</translation>
    </message>
    <message>
        <source>Use your own account: every action is recorded under your name.</source>
        <translation>请使用您自己的账户：每项操作都会以您的名义记录。</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>署名姓名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>重复密码</translation>
    </message>
    <message>
        <source>Create and sign in</source>
        <translation>创建并登录</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>UncertaintyBadge</name>
    <message>
        <source>Uncertainty: {0}</source>
        <translation>不确定性：{0}</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Session locked</source>
        <translation>会话已锁定</translation>
    </message>
    <message>
        <source>The session of {0} locked after {1} idle minutes. Enter your password to continue.</source>
        <translation>{0} 的会话因闲置 {1} 分钟已锁定。请输入密码以继续。</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>署名姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>First password</source>
        <translation>初始密码</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>添加一位用户</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Added {0}.</source>
        <translation>已添加 {0}。</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Encrypted case log</source>
        <translation>加密的病例记录</translation>
    </message>
    <message>
        <source>The case log and photos in {0} are encrypted. Enter the passphrase to open them.</source>
        <translation>{0} 中的病例记录和照片已加密。请输入口令以打开。</translation>
    </message>
    <message>
        <source>That passphrase does not open this case log; nothing was changed.</source>
        <translation>该口令无法打开此病例记录；未做任何更改。</translation>
    </message>
</context>
<context>
    <name>PatientDialog</name>
    <message>
        <source>Correct patient {0}</source>
        <translation>更正患者 {0}</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Why the recorded details were wrong</source>
        <translation>记录的信息为何有误</translation>
    </message>
    <message>
        <source>Year of birth</source>
        <translation>出生年份</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Fitzpatrick skin type</source>
        <translation>Fitzpatrick 皮肤类型</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>The correction and its reason go into the audit trail. Analyses already made keep the age and sex they used; analyze the photo again to use the corrected details.</source>
        <translation>更正及其原因将记入审计记录。已完成的分析保留当时使用的年龄和性别；如需使用更正后的信息，请重新分析照片。</translation>
    </message>
</context>
<context>
    <name>RestoreFlow</name>
    <message>
        <source>Only an administrator can restore a backup.</source>
        <translation>只有管理员可以恢复备份。</translation>
    </message>
    <message>
        <source>Checking the backup</source>
        <translation>正在检查备份</translation>
    </message>
    <message>
        <source>The backup in {0} cannot be restored: {1}.</source>
        <translation>无法恢复 {0} 中的备份：{1}。</translation>
    </message>
    <message>
        <source>Restore the backup in {0}?

It holds {1} case(s); its last entry is from {2}. Every case, photo and account in SkinClinic will be replaced by the backup's. What is here now is kept in a replaced-… folder in the data home, not deleted. Everyone signs in again afterwards.</source>
        <translation>恢复 {0} 中的备份？

其中有 {1} 个病例；最后一条记录来自 {2}。SkinClinic 中的所有病例、照片和账户都将被备份中的内容替换。当前的内容会保存在数据目录的 replaced-… 文件夹中，不会被删除。恢复后所有人都需要重新登录。</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>The restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source> What was here is kept in {0}.</source>
        <translation>原有内容保存在 {0}。</translation>
    </message>
    <message>
        <source>The backup from {0} was restored.{1} Sign in again.</source>
        <translation>已恢复 {0} 中的备份。{1}请重新登录。</translation>
    </message>
</context>
</TS>
